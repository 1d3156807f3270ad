"""The release tick inside an ASGI server process (``GARRISON_TIMERS_IN_SERVER=1``, the demo):
like ops' timer watcher, so that the live events of released injects reach open pages."""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection

from garrison.drills.running.services.release import TICK_SECONDS, tick

logger = logging.getLogger(__name__)


def _tick_once() -> int:
    try:
        return tick()
    except DatabaseError:
        logger.exception("drill release failed; retrying")
        return 0
    finally:
        connection.close()


async def release_forever() -> None:
    while True:
        await sync_to_async(_tick_once, thread_sensitive=False)()
        await asyncio.sleep(TICK_SECONDS)
