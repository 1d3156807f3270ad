"""Platform middleware: request metrics, security headers, the request body limit, domain errors
as 4xx."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from django.conf import settings
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _

from garrison.core import metrics
from garrison.core.errors import DomainError
from garrison.core.images import MAX_BYTES as PHOTO_MAX_BYTES

# As Django's ASGIHandler takes them.
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class RequestMetricsMiddleware:
    """Count and time every request by method, URL name and status class (core/metrics.py).

    First in the stack, so the time is the whole of Django's. The label is the URL's name, never
    its path, which carries slugs and ids: the series stay as few as the URL patterns. A request
    no pattern answered is "static" under STATIC_URL (WhiteNoise answers before the URLs are
    looked at) and "unmatched" otherwise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static = settings.STATIC_URL or "/static/"
        # Each (method, route, status class)'s two series, found once: the whole of this costs a
        # request about 10 µs, where finding the series by their labels each time cost 18 µs
        # alone (measured on the two shared cores).
        self.series: dict[tuple[str, str, str], tuple[Any, Any]] = {}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        if match is not None:
            route = match.view_name
        else:
            route = "static" if request.path.startswith(self.static) else "unmatched"
        key = (
            metrics.method_label(request.method),
            route,
            metrics.status_label(response.status_code),
        )
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = (
                metrics.HTTP_REQUESTS.labels(*key),
                metrics.HTTP_SECONDS.labels(key[0], route),
            )
        series[0].inc()
        series[1].observe(elapsed)
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and friends (docs/security.md #20).

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


MiB = 1024 * 1024
# The forms that upload a file, by URL name, and the largest file each one's view accepts. Their
# bodies may carry that file and the form around it: each view refuses a bigger file with its
# own message beside the field, so the body limit must not cut in before it. Every other
# request, multipart or not, keeps GARRISON_MAX_BODY_BYTES.
UPLOADS: dict[str, int] = {
    "tip:form": PHOTO_MAX_BYTES,  # a resident's photo
    "ops:incident_photo_upload": PHOTO_MAX_BYTES,
    "accreditation:photo_upload": PHOTO_MAX_BYTES,  # a badge photo
    "accreditation:import_upload": 2 * MiB,  # a people list (accreditation.imports.table)
}
# The form around the file: boundaries, part headers, the CSRF token, a tip's text (1,000
# characters of up to 4 bytes) — a few kilobytes.
FORM_ALLOWANCE = 64 * 1024

# Sent when a body is refused as too large, before anything reads it: ``request`` and
# ``view_name`` (the URL name, "" if none). A receiver may count the refusal against the sender
# (the tip limit does) and raise a DomainError to answer with that instead of 413.
body_refused = Signal()


def body_limit(path: str) -> tuple[int, str]:
    """The largest body a request to ``path`` may carry, and the URL name ``path`` resolves to."""
    limit: int = settings.GARRISON_MAX_BODY_BYTES
    try:
        name = resolve(path).view_name
    except Resolver404:
        return limit, ""
    upload = UPLOADS.get(name)
    return (max(limit, upload + FORM_ALLOWANCE) if upload else limit), name


def _error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """JSON for the API and scripts, a page for a browser (a resident's too-big photo)."""
    if request.path.startswith("/api/") or (
        request.accepts("application/json") and not request.accepts("text/html")
    ):
        return JsonResponse(error.as_dict(), status=error.status)
    from django.shortcuts import render

    return render(request, "core/error.html", {"error": error}, status=error.status)


class BodySizeMiddleware:
    """Refuse a body over its limit with 413 before anything reads it, whatever its type.

    The limit is GARRISON_MAX_BODY_BYTES, or an upload form's own (``UPLOADS``). Django itself
    bounds only part of the reading: DATA_UPLOAD_MAX_MEMORY_SIZE covers ``request.body`` and a
    form's text fields, but not the files of a multipart body, which its parser streams to
    memory or a temporary file however large they are. What it does bound is where the bytes
    come from: under WSGI a request's stream ends at its Content-Length (a body without one
    reads as empty, a longer one is cut there), so refusing a Content-Length over the limit
    bounds every read. Under ASGI Django reads the whole body before any middleware runs;
    ``BoundedBody`` stops that at the limit and tells this middleware the length.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse(
                {"code": "bad_request", "message": _("Invalid Content-Length.")}, status=400
            )
        # The URL is looked up only for a body over the common limit: most have none.
        if length > settings.GARRISON_MAX_BODY_BYTES:
            limit, name = body_limit(request.path_info)
            if length > limit:
                return self.refuse(request, name)
        return self.get_response(request)

    def refuse(self, request: HttpRequest, view_name: str) -> HttpResponse:
        # The caller's language is chosen further down the stack: choose it here too.
        with translation.override(translation.get_language_from_request(request)):
            try:
                body_refused.send(sender=BodySizeMiddleware, request=request, view_name=view_name)
            except DomainError as error:
                return _error_response(request, error)
            too_large = DomainError("too_large", _("The request is too large."), status=413)
            return _error_response(request, too_large)


class BoundedBody:
    """ASGI: read a request's body before Django does, and never more than its limit.

    Django's ASGI handler reads every body into a temporary file before the first middleware
    runs, whatever its Content-Length says and with none at all (chunked). This reads it
    instead: a declared length over the limit is not read at all, a body that passes the limit
    while arriving is read no further. Django then gets the body with its true Content-Length,
    or an empty one with a length over the limit, which ``BodySizeMiddleware`` refuses (413,
    before any view); that response closes the connection, so the rest is never read either.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        common: int = settings.GARRISON_MAX_BODY_BYTES
        path_limit: int | None = None

        def over(size: int) -> bool:
            nonlocal path_limit
            if size <= common:
                return False
            if path_limit is None:
                path = scope["path"]
                root = scope.get("root_path", "")
                if root and path.startswith(root):
                    path = path[len(root) :]
                path_limit = body_limit(path)[0]
            return size > path_limit

        declared = _content_length(scope)
        chunks: list[bytes] = []
        size = 0
        refused = declared is not None and over(declared)
        first: Mapping[str, Any] | None = None
        while not refused:
            message = await receive()
            if message["type"] != "http.request":  # the client left: Django sees it
                first = message
                break
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if over(size):
                refused = True
                break
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        if refused:
            length = max(declared or 0, (path_limit or common) + 1)
            body = b""
            send = _closing(send)
        else:
            length = size
            body = b"".join(chunks)
        headers = [
            (name, value)
            for name, value in scope["headers"]
            if name.lower() not in (b"content-length", b"transfer-encoding")
        ]
        headers.append((b"content-length", str(length).encode()))
        replayed = False

        async def replay() -> Mapping[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return first or {"type": "http.request", "body": body, "more_body": False}
            if refused:
                # Django listens for the client leaving while it answers; what is left of a
                # refused body is never read, and the answer comes at once.
                await asyncio.Event().wait()
            return await receive()

        await self.app({**scope, "headers": headers}, replay, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _closing(send: Send) -> Send:
    """``send`` with ``Connection: close`` on the response: the unread body dies with it."""

    async def closing(message: Any) -> None:
        if message["type"] == "http.response.start":
            headers = [h for h in message.get("headers", []) if h[0].lower() != b"connection"]
            message = {**message, "headers": [*headers, (b"connection", b"close")]}
        await send(message)

    return closing


class DomainErrorMiddleware:
    """A DomainError that escapes a view becomes its own 4xx, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        return _error_response(request, exception)
