"""The timer watcher inside an ASGI server process (``GARRISON_TIMERS_IN_SERVER=1``).

``make demo`` runs one server process with the in-memory channel layer, which a separate process
(a ``garrison worker``, ``watch_timers``) cannot reach: its breaches would be recorded but never
pushed to the commander's open page. Run inside the server, a breach's live event goes out like
any other change. In production (Redis) leave the setting off: the workers run the timers on
their schedule, one worker per round however many there are (garrison/ops/apps.py).
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.db import DatabaseError, connection

from garrison.ops.timers.services import check_all

logger = logging.getLogger(__name__)

INTERVAL_SECONDS = 5.0


def _check_once() -> int:
    try:
        return check_all()
    except DatabaseError:
        # Busy past the timeout or a dropped connection: the next round starts afresh.
        logger.exception("timer check failed; retrying")
        return 0
    finally:
        # A round every few seconds: a fresh connection each costs little and none is left
        # behind in a pool thread when the server stops.
        connection.close()


async def watch_forever(interval: float = INTERVAL_SECONDS) -> None:
    while True:
        # A worker thread of the server, so the breach's broadcast comes back to this loop.
        await sync_to_async(_check_once, thread_sensitive=False)()
        await asyncio.sleep(interval)
