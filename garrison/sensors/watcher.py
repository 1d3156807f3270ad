"""The stale-sensor check inside an ASGI server process (``GARRISON_TIMERS_IN_SERVER=1``), as
ops runs its response timers there (``ops.timers.watcher``): with the in-memory channel layer
only the server's own process can reach its open pages."""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection

from garrison.sensors.services.stale import CHECK_EVERY, check_stale

logger = logging.getLogger(__name__)


def _check_once() -> int:
    try:
        return check_stale()
    except DatabaseError:
        logger.exception("stale-sensor check failed; retrying")
        return 0
    finally:
        connection.close()


async def watch_forever(interval: float = CHECK_EVERY) -> None:
    while True:
        await sync_to_async(_check_once, thread_sensitive=False)()
        await asyncio.sleep(interval)
