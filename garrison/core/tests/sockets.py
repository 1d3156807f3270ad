"""Sockets on the event's live feed for tests, patient enough for a busy two-core machine.

Channels' test communicator gives a handshake one second, which a loaded CI runner can overrun
while the consumer reads the session and the membership; a test about who hears what must not
fail on how fast the machine is. Reading waits long for what a test expects and briefly for the
silence after it, so a missing event still fails and an extra one is still seen.
"""

from __future__ import annotations

from typing import Any

from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from garrison.accounts.models import User
from garrison.events.models import Event

PATIENCE = 10.0  # seconds for a handshake or an expected message
QUIET = 0.3  # seconds of silence that end a read


class Socket(WebsocketCommunicator):  # type: ignore[misc]  # channels ships no types
    async def connect(self, timeout: float = PATIENCE) -> tuple[bool, int | str | None]:
        connected: tuple[bool, int | str | None] = await super().connect(timeout)
        return connected

    async def disconnect(self, code: int = 1000, timeout: float = PATIENCE) -> None:
        await super().disconnect(code, timeout)


def session_cookie(user: User) -> bytes:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}".encode()


def feed_socket(cookie: bytes, event: Event, last: int = 0, app: Any = None) -> Socket:
    if app is None:
        from garrison.asgi import application as app
    return Socket(
        app,
        f"/ws/events/{event.slug}/live/?last={last}",
        headers=[(b"cookie", cookie), (b"origin", b"http://localhost"), (b"host", b"localhost")],
    )


async def drain(comm: WebsocketCommunicator, expect: int = 0) -> list[dict[str, Any]]:
    """The messages on ``comm``: the first ``expect`` waited for patiently, then any more until
    the socket has been quiet for a moment."""
    out: list[dict[str, Any]] = [
        await comm.receive_json_from(timeout=PATIENCE) for _ in range(expect)
    ]
    while not await comm.receive_nothing(timeout=QUIET):
        out.append(await comm.receive_json_from(timeout=PATIENCE))
    return out
