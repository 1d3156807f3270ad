"""Platform views: language switch, health, metrics, error pages. The start page is
``accounts.views.home``."""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from garrison.core import health, metrics


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """This process's health, for the operators' probes: 200 when every check passes, 503 naming
    the failing ones (core/health.py). No login, like any probe: it shows counts, ages and
    process ids only, and costs a few trivial queries."""
    role = "asgi" if isinstance(request, ASGIRequest) else "wsgi"
    healthy, body = health.report(role)
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
@never_cache
def metrics_text(request: HttpRequest) -> HttpResponse:
    """Every process's metrics in the Prometheus text format (core/metrics.py), for the addresses
    in GARRISON_METRICS_ALLOW or a request with GARRISON_METRICS_TOKEN."""
    if not metrics_allowed(request):
        return JsonResponse(
            {
                "code": "forbidden",
                "message": _("Metrics are served to the monitoring server only."),
            },
            status=403,
        )
    text = metrics.exposition(health.QueueCollector())
    return HttpResponse(text, content_type=metrics.CONTENT_TYPE)


def metrics_allowed(request: HttpRequest) -> bool:
    token: str = settings.GARRISON_METRICS_TOKEN
    if token:
        scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and constant_time_compare(given.strip(), token):
            return True
    # The client's address (garrison.core.proxy or uvicorn's --proxy-headers have put it there
    # from the proxy's header) and, if a proxy relayed the request, the hop it names: a request
    # that came through the public proxy is never taken for a local one.
    addresses = [str(request.META.get("REMOTE_ADDR", ""))]
    forwarded = request.headers.get("X-Forwarded-For")
    if forwarded:
        addresses.append(forwarded.split(",")[-1].strip())
    allowed = _networks(tuple(settings.GARRISON_METRICS_ALLOW))
    return all(_within(address, allowed) for address in addresses)


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _networks(allowed: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in allowed)


def _within(address: str, allowed: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # a dual-stack socket's way of writing an IPv4 peer
    return any(ip in network for network in allowed)


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": str(status), "message": message}, status=status)
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("Bad request"), _("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("Not allowed"), _("Your role in this event does not allow this."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request, 404, _("Not found"), _("There is nothing here, or you have no access to it.")
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request, 500, _("Server error"), _("Something went wrong on our side. It has been logged.")
    )
