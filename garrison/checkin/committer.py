"""Group commit for online scans: one durable commit for every scan that arrives meanwhile.

Each request thread hands its scan to this process's writer thread and waits for the answer.
The writer takes everything queued, decides it in one transaction (``scans.record_batch``) and
answers each waiting request after the commit — so an answer is never given for a scan that is
not on disk. Under load the batches grow by themselves (the scans that arrive during one commit
make the next batch); when it is quiet a batch is one scan and nothing waits for company.

Inside a transaction that is already open (a test, a caller's own ``atomic``) the scan is
recorded right there instead: the writer's own connection could not see that transaction's rows.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from concurrent.futures import Future

from django.db import close_old_connections, connection

from garrison.checkin.scans import Pending, Result, record_batch

logger = logging.getLogger(__name__)

MAX_BATCH = 256  # bounds one transaction's length, so other writers never wait long

_Job = tuple[Pending, "Future[Result]"]
_queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
_started_in: int | None = None  # the pid whose writer runs: a forked child starts its own
_start_lock = threading.Lock()


def submit(item: Pending) -> Result:
    """Decide and record ``item``; returns once it is committed (or refused)."""
    if connection.in_atomic_block:
        return record_batch([item])[0]
    _ensure_writer()
    future: Future[Result] = Future()
    _queue.put((item, future))
    return future.result()


def _ensure_writer() -> None:
    global _started_in
    if _started_in == os.getpid():
        return
    with _start_lock:
        if _started_in != os.getpid():
            threading.Thread(target=_write_forever, name="scan-writer", daemon=True).start()
            _started_in = os.getpid()


def _write_forever() -> None:
    while True:
        jobs = [_queue.get()]
        while len(jobs) < MAX_BATCH:
            try:
                jobs.append(_queue.get_nowait())
            except queue.Empty:
                break
        _write(jobs)


def _write(jobs: list[_Job]) -> None:
    try:
        results = record_batch([item for item, _future in jobs])
    except Exception as error:  # the requests answer 500 themselves; the writer lives on
        logger.exception("scan batch of %d failed", len(jobs))
        for _item, future in jobs:
            future.set_exception(error)
        close_old_connections()  # a broken connection is replaced before the next batch
        return
    for (_item, future), result in zip(jobs, results, strict=True):
        future.set_result(result)
