"""What a worker process does beside running tasks: the roll call, the sweep and the schedules.

``garrison worker`` (core/management/commands/worker.py) is django_tasks_db's ``db_worker`` with
these duties around it. Tasks run in the main thread, one at a time. The roll call beats from a
thread of its own, so that a long task (a roster solve of minutes) never makes the worker look
dead; the schedules tick on another, so that a response timer never waits behind such a task.
Each thread keeps its own database connection, and a round that fails on the database (busy past
the timeout, a dropped connection) is logged and the next starts on a fresh connection: a duty
must not quietly die.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

from django.db import connection

from garrison.core.services import queue

log = logging.getLogger(__name__)

TICK = 1.0  # seconds between looks at the schedules


class Duties:
    def __init__(
        self,
        worker_id: str,
        *,
        schedules: bool = True,
        tick: float = TICK,
        beat: float = queue.BEAT_EVERY,
    ) -> None:
        self.worker_id = worker_id
        self.schedules = schedules
        self.tick = tick
        self.beat = beat
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        queue.worker_started(self.worker_id)
        # At once, not at the next tick: the jobs of a predecessor that crashed on this machine
        # go back on the queue before this worker looks for work.
        self._guarded(queue.sweep, "sweep")
        self._spawn("roll-call", self.beat, lambda: queue.worker_beat(self.worker_id))
        if self.schedules:
            self._spawn("schedules", self.tick, lambda: queue.run_due(self.worker_id))

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=30)
        self._guarded(lambda: queue.worker_stopped(self.worker_id), "roll call")

    def __enter__(self) -> Duties:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def _spawn(self, name: str, seconds: float, step: Callable[[], object]) -> None:
        def loop() -> None:
            try:
                while not self._stopping.wait(seconds):
                    self._guarded(step, name)
            finally:
                connection.close()

        thread = threading.Thread(target=loop, name=f"worker-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    @staticmethod
    def _guarded(step: Callable[[], object], name: str) -> None:
        try:
            step()
        except Exception:
            log.exception("worker %s failed; trying again next round", name)
            connection.close()
