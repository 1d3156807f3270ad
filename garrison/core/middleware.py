"""Platform middleware: security headers and a request body limit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware:
    """Content-Security-Policy and friends (SECURITY.md #20).

    Scripts come only from our own origin; styles may be inline because Leaflet positions map
    panes with style attributes. Tiles may come from the configured tile server only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        img = "'self' data: blob:"
        if settings.GARRISON_TILE_ORIGIN:
            img += " " + settings.GARRISON_TILE_ORIGIN
        self.csp = (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {img}; connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(self), camera=(self), microphone=()"
        )
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages behind login carry personal data: never keep them in a shared cache.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class BodySizeMiddleware:
    """Refuse oversized bodies with 413 before anything reads them.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE covers form data only when it is parsed; JSON bodies
    read through ``request.body`` raise deep inside a view, so the limit is enforced up front.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit: int = settings.GARRISON_MAX_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse(
                {"code": "bad_request", "message": _("Invalid Content-Length.")}, status=400
            )
        if length > limit and not (request.content_type or "").startswith("multipart/"):
            return JsonResponse(
                {"code": "too_large", "message": _("The request is too large.")}, status=413
            )
        return self.get_response(request)


class DomainErrorMiddleware:
    """A DomainError that escapes a view becomes its own 4xx, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from garrison.core.errors import DomainError

        if not isinstance(exception, DomainError):
            return None
        if request.path.startswith("/api/") or (
            request.accepts("application/json") and not request.accepts("text/html")
        ):
            return JsonResponse(exception.as_dict(), status=exception.status)
        return render(request, "core/error.html", {"error": exception}, status=exception.status)
