"""Group commit for online scans: one durable commit for every scan that arrives meanwhile.

Each request thread hands its scan, with the caller's bearer token, to this process's writer
thread and waits for the answer. The writer takes everything queued, finds every token's device
in one query, decides the scans in one transaction (``scans.record_batch``) and answers each
waiting request after the commit — so an answer is never given for a scan that is
not on disk. Under load the batches grow by themselves (the scans that arrive during one commit
make the next batch); when it is quiet a batch is one scan and nothing waits for company.

The request threads touch no database at all: under ASGI each request runs in a thread of its
own, and a thread's first query opens a new database connection — costlier than the scan.

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

from garrison.checkin.gates import gates_of
from garrison.checkin.scans import Pending, Result, ScanData, record_batch, unauthorized
from garrison.core.db import write_turn
from garrison.core.errors import DomainError

logger = logging.getLogger(__name__)

MAX_BATCH = 256  # bounds one transaction's length, so other writers never wait long
IDLE_SECONDS = 1.0

_Job = tuple[str, ScanData, "Future[Result]"]
_queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
_started_in: int | None = None  # the pid whose writer runs: a forked child starts its own
_start_lock = threading.Lock()


def submit(token: str, data: ScanData) -> Result:
    """Decide and record the scan ``data`` sent with ``token``; returns once it is committed
    (or refused: 401 for an unknown or revoked token)."""
    if connection.in_atomic_block:
        return decide([(token, data)])[0]
    _ensure_writer()
    future: Future[Result] = Future()
    _queue.put((token, data, future))
    return future.result()


def decide(requests: list[tuple[str, ScanData]]) -> list[Result]:
    """Whose scans these are (one query for every token), then the batch itself."""
    gates = gates_of({token for token, _data in requests})
    results: list[Result | None] = []
    pending: list[tuple[int, Pending]] = []
    for n, (token, data) in enumerate(requests):
        gate = gates.get(token) or unauthorized()
        if isinstance(gate, DomainError):
            results.append(gate)
        else:
            results.append(None)
            pending.append((n, Pending(gate[0], gate[1], data)))
    decided = record_batch([item for _n, item in pending]) if pending else []
    for (n, _item), result in zip(pending, decided, strict=True):
        results[n] = result
    return [result or unauthorized() for result in results]  # every slot is filled by now


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
        try:
            first = _queue.get(timeout=IDLE_SECONDS)
        except queue.Empty:
            connection.close()  # quiet for a while: hand the connection back until scans come
            first = _queue.get()
        jobs = [first]
        while len(jobs) < MAX_BATCH:
            try:
                jobs.append(_queue.get_nowait())
            except queue.Empty:
                break
        _write(jobs)


def _write(jobs: list[_Job]) -> None:
    try:
        with write_turn():
            results = decide([(token, data) for token, data, _future in jobs])
    except Exception as error:  # the requests answer 500 themselves; the writer lives on
        logger.exception("scan batch of %d failed", len(jobs))
        for _token, _data, future in jobs:
            future.set_exception(error)
        close_old_connections()  # a broken connection is replaced before the next batch
        return
    for (_token, _data, future), result in zip(jobs, results, strict=True):
        future.set_result(result)
