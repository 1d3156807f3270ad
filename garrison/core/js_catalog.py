"""The JavaScript catalogue every page loads (``/i18n/catalog.js``): Django's, built once per
language and kept by browsers under a URL that names its language and its content.

Every page waits for it before its own scripts run. Django's view reads every app's ``djangojs``
translations again on each request (about 20 ms), and it sends no caching header, so a browser
fetched it again on every page. Translations and formats cannot change while the process runs
(Django loads its own catalogues once per process too), so each language's catalogue is built
once; pages ask for it as ``?l=<language>&v=<digest>`` (``query``), and that answer may be kept:
another language, or a release that changes the catalogue, is another URL. A request without
them (or with a stale digest) gets the active language's catalogue uncached, as before.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views import i18n

CONTENT_TYPE = 'text/javascript; charset="utf-8"'
# A year, as for the hashed static files: the URL changes with the content.
KEPT = "public, max-age=31536000, immutable"


@cache
def _built(language: str) -> tuple[bytes, str]:
    """The catalogue of ``language`` and the digest that names its content."""
    with translation.override(language):
        view = i18n.JavaScriptCatalog()
        view.translation = DjangoTranslation(language, domain=view.domain)
        body = view.render_to_response(view.get_context_data()).content
    return body, hashlib.sha256(body).hexdigest()[:16]


def query() -> str:
    """``?l=…&v=…`` for the active language's catalogue, as pages link it."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return "?" + urlencode({"l": language, "v": _built(language)[1]})


class JavaScriptCatalog(i18n.JavaScriptCatalog):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        named = request.GET.get("l", "")
        known = named in dict(settings.LANGUAGES)
        body, digest = _built(
            named if known else translation.get_language() or settings.LANGUAGE_CODE
        )
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        if known and request.GET.get("v") == digest:
            response["Cache-Control"] = KEPT
        return response
