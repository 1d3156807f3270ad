"""Scanner calls skip the browser-session middleware.

A scan or an upload comes from a scanner device with its bearer token, never with a session
cookie: sessions, CSRF, login, the second factor, the session clock, messages and the login
lock-out (``axes``) have nothing to do with it. Together they took about a fifth of the server's
time per scan (measured under gunicorn at 1,000 scans per second). This middleware sits below
the ones every response needs — security headers, the body limit, the caller's language — and
above the session stack: a scanner call goes straight to its view, anything else goes on.

The view itself is unchanged (the same ninja operation, schema, errors and token check), and
the tests reach it through this same stack.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import resolve, reverse

# Only these: device-token endpoints that read nothing from a session or a user.
SCANNER_CALLS = ("api:checkin_scan", "api:checkin_sync")


@cache
def _paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in SCANNER_CALLS)


class ScannerCallsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path not in _paths():
            return self.get_response(request)
        match = resolve(request.path_info)
        request.resolver_match = match
        response: HttpResponse = match.func(request, *match.args, **match.kwargs)
        return response
