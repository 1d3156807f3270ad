"""The scanner page, its service worker and its web app manifest.

The page needs no session: a phone holds a device token (entered once, or got from the one-time
enrolment code) in localStorage and calls the device API with it. The service worker is served
from /scan/ rather than /static/ because a worker controls only pages under its own path.
"""

from __future__ import annotations

import json

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from garrison.checkin.scans.rules import reason, result_codes

# What the page needs offline beyond itself, cached when the worker installs. The URLs come
# from static() so production's hashed names are the ones cached.
OFFLINE_FILES = (
    "checkin/rules.js",
    "checkin/scan-store.js",
    "checkin/scan-badge.js",
    "checkin/scan-feedback.js",
    "checkin/scan-screen.js",
    "core/clock.js",
    "checkin/scanner.js",
    "vendor/jsqr/jsQR.js",
    "checkin/scan-camera.js",
    "checkin/scan.css",
    "checkin/scan-icon.svg",
)


@require_GET
def scanner(request: HttpRequest) -> HttpResponse:
    reasons = {code: reason(code) for code in result_codes()}
    response = render(request, "checkin/scan.html", {"reasons": reasons})
    # The page holds no personal data (that arrives by API, with the token); the service
    # worker keeps its own copy for offline use, so browsers need not cache it.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    found = finders.find("checkin/scan-sw.js")
    if not isinstance(found, str):
        raise Http404
    with open(found, encoding="utf-8") as handle:
        body = handle.read()
    offline = [reverse("scan:page"), *(static(name) for name in OFFLINE_FILES)]
    strict = '"use strict";\n'
    body = body.replace(strict, f"{strict}var OFFLINE_FILES = {json.dumps(offline)};\n", 1)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # browsers must see a new worker at once
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("Garrison scanner"),
        "short_name": _("Scanner"),
        "start_url": reverse("scan:page"),
        "scope": reverse("scan:page"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#111827",
        "theme_color": "#111827",
        "icons": [
            {"src": static("checkin/scan-icon.svg"), "sizes": "any", "type": "image/svg+xml"}
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
