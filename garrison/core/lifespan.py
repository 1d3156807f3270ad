"""Work an ASGI server process does beside its requests, started and stopped with it.

Apps register a coroutine factory in their ``ready()``; ``garrison.asgi`` answers the server's
lifespan messages by starting each as a task on the server's own event loop — so what it
broadcasts goes out on the same channel layer as the pages' changes, also the in-memory one of
a single demo process — and cancelling them at shutdown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

Background = Callable[[], Coroutine[Any, Any, None]]
_background: list[Background] = []


def on_startup(factory: Background) -> None:
    if factory not in _background:
        _background.append(factory)


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
