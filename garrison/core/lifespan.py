"""Work an ASGI server process does beside its requests, started and stopped with it.

Apps register a coroutine factory in their ``ready()``; ``garrison.asgi`` answers the server's
lifespan messages by starting each as a task on the server's own event loop — so what it
broadcasts goes out on the same channel layer as the pages' changes, also the in-memory one of
a single demo process — and cancelling them at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection

log = logging.getLogger(__name__)

Background = Callable[[], Coroutine[Any, Any, None]]
_background: list[Background] = []


def on_startup(factory: Background) -> None:
    if factory not in _background:
        _background.append(factory)


def _once(run: Callable[[], object]) -> None:
    try:
        run()
    except DatabaseError:
        # Busy past the timeout or a dropped connection: the next round starts afresh.
        log.exception("a periodic job in the server failed; retrying")
    finally:
        # A round every few seconds: a fresh connection each costs little and none is left
        # behind in a pool thread when the server stops.
        connection.close()


async def repeat(run: Callable[[], object], interval: float) -> None:
    """Run ``run()`` every ``interval`` seconds for as long as the server runs."""
    while True:
        # A worker thread of the server, so what the job broadcasts comes back to this loop.
        await sync_to_async(_once, thread_sensitive=False)(run)
        await asyncio.sleep(interval)


async def lifespan(
    scope: dict[str, Any],
    receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    tasks: list[asyncio.Task[None]] = []
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            tasks = [asyncio.create_task(factory()) for factory in _background]
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await send({"type": "lifespan.shutdown.complete"})
            return
