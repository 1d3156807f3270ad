"""Group commit for online scans: one durable commit for every scan that arrives meanwhile.

Each request thread hands its scan, with the caller's bearer token, to this process's writer
thread and waits for the answer. The writer takes everything queued, finds every token's device
in one query, decides the scans in one transaction (``batch.record_batch``) and answers each
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

from django.db import close_old_connections, connection

from garrison.checkin.scans.services.batch import (
    Pending,
    Result,
    ScanData,
    record_batch,
    unauthorized,
)
from garrison.checkin.scans.services.gates import Gate, gates_of, touch
from garrison.core.db import write_turn
from garrison.core.errors import DomainError

logger = logging.getLogger(__name__)

MAX_BATCH = 256  # bounds one transaction's length, so other writers never wait long
IDLE_SECONDS = 1.0


class Reply:
    """Where the writer leaves one scan's answer; the request thread waits on it.

    A bare lock, held until the answer is in: ``concurrent.futures.Future`` did the same with a
    condition variable, whose notify measured 5 % of a server's time at 1,000 scans/s.
    """

    __slots__ = ("_error", "_ready", "_result")

    def __init__(self) -> None:
        self._ready = threading.Lock()
        self._ready.acquire()
        self._result: list[Result] = []  # the one answer, once it is in
        self._error: BaseException | None = None

    def set_result(self, result: Result) -> None:
        self._result.append(result)
        self._ready.release()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._ready.release()

    def result(self, timeout: float = -1) -> Result:
        if not self._ready.acquire(timeout=timeout):
            raise TimeoutError("no answer from the scan writer")
        if self._error is not None:
            raise self._error
        return self._result[0]


_Job = tuple[str, ScanData, Reply]
_queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
_started_in: int | None = None  # the pid whose writer runs: a forked child starts its own
_start_lock = threading.Lock()


def submit(token: str, data: ScanData) -> Result:
    """Decide and record the scan ``data`` sent with ``token``; returns once it is committed
    (or refused: 401 for an unknown or revoked token)."""
    if connection.in_atomic_block:
        return decide([(token, data)], gates_of({token}))[0]
    _ensure_writer()
    reply = Reply()
    _queue.put((token, data, reply))
    return reply.result()


def decide(
    requests: list[tuple[str, ScanData]], gates: dict[str, Gate | DomainError]
) -> list[Result]:
    """The batch, for the scanners ``gates`` names (``gates_of`` the requests' tokens)."""
    touch(gates)
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
        # Read before the turn: the other processes wait for the write lock only while this
        # one writes. A token revoked meanwhile counts from the next batch.
        gates = gates_of({token for token, _data, _reply in jobs})
        with write_turn():
            results = decide([(token, data) for token, data, _reply in jobs], gates)
    except Exception as error:  # the requests answer 500 themselves; the writer lives on
        logger.exception("scan batch of %d failed", len(jobs))
        for _token, _data, reply in jobs:
            reply.set_exception(error)
        close_old_connections()  # a broken connection is replaced before the next batch
        return
    for (_token, _data, reply), result in zip(jobs, results, strict=True):
        reply.set_result(result)
