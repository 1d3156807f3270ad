"""The client's address behind the reverse proxy, for the WSGI server.

Throttles (failed logins, public tips and status look-ups) count per client address, which the
app reads from ``REMOTE_ADDR``. Behind a proxy that is the proxy's own address, so every phone
would share one budget. uvicorn rewrites it from ``X-Forwarded-For`` itself (``--proxy-headers``);
gunicorn does not, so ``garrison.wsgi`` wraps the app in this. Only a peer listed in
``GARRISON_TRUSTED_PROXIES`` (default: this machine) is believed, and only its own hop — the
right-most entry — since anything left of it was written by the client and can be forged.
The proxy must therefore write that header itself, replacing whatever the client sent (the
README's nginx block: ``proxy_set_header X-Forwarded-For $remote_addr``); one that passes the
client's header on lets every request name a new address, and no throttle ever fills.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from garrison.core.env import env_list

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ForwardedFor:
    def __init__(self, app: WSGIApp, trusted: Iterable[str]) -> None:
        self.app = app
        self.trusted = frozenset(address.strip() for address in trusted if address.strip())

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        forwarded = str(environ.get("HTTP_X_FORWARDED_FOR", ""))
        if forwarded and environ.get("REMOTE_ADDR") in self.trusted:
            client = forwarded.split(",")[-1].strip()
            if client:
                environ["REMOTE_ADDR"] = client
        return self.app(environ, start_response)


def behind_proxy(app: WSGIApp) -> ForwardedFor:
    """``app`` as ``garrison.wsgi`` serves it: believing the peers GARRISON_TRUSTED_PROXIES names."""
    return ForwardedFor(app, env_list("GARRISON_TRUSTED_PROXIES", ["127.0.0.1", "::1"]))
