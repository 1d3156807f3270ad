"""The response timers' round, and the timer watcher inside an ASGI server process.

``make demo`` runs one server process with the in-memory channel layer, which a separate process
(a ``garrison worker``) cannot reach: its breaches would be recorded but never pushed to the
commander's open page. With ``GARRISON_TIMERS_IN_SERVER=1`` the round runs inside the server
(``garrison.core.services.queue.watch``), and a breach's live event goes out like any other
change. In production (Redis) leave the setting off: the workers run the timers on their
schedule, one worker per round however many there are (garrison/ops/apps.py).
"""

from __future__ import annotations

from garrison.core.lifespan import repeat
from garrison.ops.timers.services import check_all

INTERVAL_SECONDS = 5.0


async def watch_forever(interval: float = INTERVAL_SECONDS) -> None:
    await repeat(check_all, interval)
