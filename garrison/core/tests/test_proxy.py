"""Behind the proxy, throttles see each phone's own address — and only a trusted proxy says so."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from garrison.core.proxy import ForwardedFor


def _seen_address(environ: dict[str, Any]) -> str:
    seen: list[str] = []

    def app(env: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        seen.append(env["REMOTE_ADDR"])
        return [b""]

    ForwardedFor(app, ["127.0.0.1", " ::1 "])(environ, lambda *args: None)
    return seen[0]


def test_the_trusted_proxy_names_the_client_by_its_own_hop() -> None:
    environ = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    # The left entry came from the client itself (forgeable); the proxy appended the right one.
    assert _seen_address(environ) == "203.0.113.9"
    assert _seen_address({"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}) == (
        "198.51.100.7"
    )


def test_anyone_else_cannot_choose_their_address() -> None:
    environ = {"REMOTE_ADDR": "192.0.2.50", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    assert _seen_address(environ) == "192.0.2.50"
    assert _seen_address({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": " "}) == "127.0.0.1"
    assert _seen_address({"REMOTE_ADDR": "127.0.0.1"}) == "127.0.0.1"
