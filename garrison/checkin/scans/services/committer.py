"""Group commit for online scans, and the uploads of scans made offline, in a lane behind them.

Each request thread hands its scan, with the caller's bearer token, to this process's writer
thread and waits for the answer. The writer takes everything queued, finds every token's device
in one query, decides the scans in one transaction (``batch.record_batch``) and answers each
waiting request after the commit — so an answer is never given for a scan that is
not on disk. Under load the batches grow by themselves (the scans that arrive during one commit
make the next batch); when it is quiet a batch is one scan and nothing waits for company.

A phone's upload of the scans it made offline goes through the same writer, in a second lane
behind the online scans, a piece at a time. Each online batch takes a small piece along (one
commit for both). Between online batches the writer writes a piece on its own, but only when no
online scan waits here and the write turn is free with no writer of another process queued for it
(``db.bulk_turn``). That piece is a whole API batch while no gate scans, and small while one does,
here or in another process (``db.interactive_within``). So a gate's answer waits for at most one
small piece of another phone's backlog instead of the whole of it, and uploads still move while
the gates keep the writer busy. The upload is answered after its last piece commits; a scan id is
stored once however the pieces fall, because each piece skips the ids already stored
(``batch.record_batch``).

The request threads touch no database at all: under ASGI each request runs in a thread of its
own, and a thread's first query opens a new database connection — costlier than the scan.

Inside a transaction that is already open (a test, a caller's own ``atomic``) the scan or upload
is recorded right there instead: the writer's own connection could not see that transaction's
rows.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.db import close_old_connections, connection

from garrison.checkin.scans.services.batch import (
    Pending,
    Result,
    ScanData,
    record_batch,
    unauthorized,
)
from garrison.checkin.scans.services.gates import Gate, gates_of, touch
from garrison.core.db import bulk_turn, interactive_within, write_turn
from garrison.core.errors import DomainError

logger = logging.getLogger(__name__)

MAX_BATCH = 256  # bounds one transaction's length, so other writers never wait long
IDLE_SECONDS = 1.0
# An upload's piece, in scans: while no gate scans, a whole API batch (one durable commit); while
# gates scan, what an online batch may find in progress or take along. Measured with
# bench/checkin_contention.py on two busy cores: online p99 683–7,587 ms with pieces of 500 (one
# per upload, as before), 118–126 ms with 100, and 100 synced faster than 25 or 50, which spend
# the turn on more commits.
SYNC_CHUNK = 500
BUSY_CHUNK = 100
BUSY_SECONDS = 1.0  # a gate scanned this recently: pieces stay small
RETRY_SECONDS = 0.001  # the turn was taken: look again this soon (an online scan wakes it now)

T = TypeVar("T")


class _Answer(Generic[T]):
    """Where the writer leaves an answer; the request thread waits on it.

    A bare lock, held until the answer is in: ``concurrent.futures.Future`` did the same with a
    condition variable, whose notify measured 5 % of a server's time at 1,000 scans/s.
    """

    __slots__ = ("_error", "_ready", "_result")

    def __init__(self) -> None:
        self._ready = threading.Lock()
        self._ready.acquire()
        self._result: list[T] = []  # the one answer, once it is in
        self._error: BaseException | None = None

    def set_result(self, result: T) -> None:
        self._result.append(result)
        self._ready.release()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._ready.release()

    def result(self, timeout: float = -1) -> T:
        if not self._ready.acquire(timeout=timeout):
            raise TimeoutError("no answer from the scan writer")
        if self._error is not None:
            raise self._error
        return self._result[0]


class Reply(_Answer[Result]):
    """One online scan's answer."""

    __slots__ = ()


class UploadReply(_Answer[list[Result]]):
    """An upload's answers, one per scan, in order."""

    __slots__ = ()


@dataclass(eq=False)
class _Upload:
    items: Sequence[Pending]
    reply: UploadReply = field(default_factory=UploadReply)
    results: list[Result] = field(default_factory=list)  # of the pieces committed so far


_Job = tuple[str, ScanData, Reply]


@dataclass(eq=False)
class _Lanes:
    """What waits for one writer: online scans, and uploads behind them (oldest first)."""

    # ``None`` in ``online`` says an upload came: it wakes a writer asleep on the queue.
    online: queue.SimpleQueue[_Job | None] = field(default_factory=queue.SimpleQueue)
    uploads: deque[_Upload] = field(default_factory=deque)
    last_online: float = -BUSY_SECONDS  # monotonic time of this writer's last online batch


_lanes = _Lanes()
_started_in: int | None = None  # the pid whose writer runs: a forked child starts its own
_start_lock = threading.Lock()


def submit(token: str, data: ScanData) -> Result:
    """Decide and record the scan ``data`` sent with ``token``; returns once it is committed
    (or refused: 401 for an unknown or revoked token)."""
    if connection.in_atomic_block:
        return decide([(token, data)], gates_of({token}))[0]
    lanes = _ensure_writer()
    reply = Reply()
    lanes.online.put((token, data, reply))
    return reply.result()


def upload(items: Sequence[Pending]) -> list[Result]:
    """Record a phone's upload, one answer per item in order; returns once all of it is
    committed, after any online scan that came meanwhile."""
    if not items:
        return []
    if connection.in_atomic_block:
        results: list[Result] = []
        for start in range(0, len(items), SYNC_CHUNK):
            results.extend(record_batch(items[start : start + SYNC_CHUNK]))
        return results
    lanes = _ensure_writer()
    job = _Upload(items)
    lanes.uploads.append(job)
    lanes.online.put(None)  # wakes the writer if it sleeps
    return job.reply.result()


def decide(
    requests: list[tuple[str, ScanData]],
    gates: dict[str, Gate | DomainError],
    uploaded: Sequence[Pending] = (),
) -> list[Result]:
    """The batch, for the scanners ``gates`` names (``gates_of`` the requests' tokens), and
    ``uploaded`` scans in the same transaction: their answers follow the requests'."""
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
    items = [item for _n, item in pending] + list(uploaded)
    decided = record_batch(items) if items else []
    for (n, _item), result in zip(pending, decided[: len(pending)], strict=True):
        results[n] = result
    # every slot is filled by now
    return [result or unauthorized() for result in results] + decided[len(pending) :]


def _ensure_writer() -> _Lanes:
    global _started_in
    lanes = _lanes
    if _started_in == os.getpid():
        return lanes
    with _start_lock:
        if _started_in != os.getpid():
            threading.Thread(
                target=_write_forever, args=(lanes,), name="scan-writer", daemon=True
            ).start()
            _started_in = os.getpid()
    return lanes


def _write_forever(lanes: _Lanes) -> None:
    turn_taken = False  # the last try at an upload's piece alone found the turn taken
    while True:
        if not lanes.uploads:
            jobs = _take(lanes, None)
        else:
            jobs = _take(lanes, RETRY_SECONDS if turn_taken else 0.0)
        if jobs:
            lanes.last_online = time.monotonic()
            _write(lanes, jobs)
        elif lanes.uploads:
            turn_taken = not _write_piece(lanes)


def _take(lanes: _Lanes, wait: float | None) -> list[_Job]:
    """The online scans queued, waiting ``wait`` seconds for the first (None: until one comes,
    or an upload)."""
    try:
        if wait is None:
            try:
                first = lanes.online.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                connection.close()  # quiet for a while: hand the connection back until scans come
                first = lanes.online.get()
        elif wait > 0:
            first = lanes.online.get(timeout=wait)
        else:
            first = lanes.online.get_nowait()
    except queue.Empty:
        return []
    jobs = [first] if first is not None else []
    while len(jobs) < MAX_BATCH:
        try:
            job = lanes.online.get_nowait()
        except queue.Empty:
            break
        if job is not None:
            jobs.append(job)
    return jobs


def _write(lanes: _Lanes, jobs: list[_Job]) -> None:
    """The online scans ``jobs``, and the next piece of the oldest upload with them: one
    transaction, one durable commit for both."""
    upload = lanes.uploads[0] if lanes.uploads else None
    piece = _next_piece(upload, BUSY_CHUNK) if upload else []
    requests = [(token, data) for token, data, _reply in jobs]
    try:
        # Read before the turn: the other processes wait for the write lock only while this
        # one writes. A token revoked meanwhile counts from the next batch.
        gates = gates_of({token for token, _data, _reply in jobs})
        with write_turn():
            results = decide(requests, gates, uploaded=piece)
    except Exception as error:  # the requests answer 500 themselves; the writer lives on
        logger.exception("scan batch of %d failed", len(jobs))
        for _token, _data, reply in jobs:
            reply.set_exception(error)
        if upload is not None and piece:
            _failed(lanes, upload, error)
        close_old_connections()  # a broken connection is replaced before the next batch
        return
    for (_token, _data, reply), result in zip(jobs, results[: len(jobs)], strict=True):
        reply.set_result(result)
    if upload is not None and piece:
        _committed(lanes, upload, results[len(jobs) :])


def _write_piece(lanes: _Lanes) -> bool:
    """The next piece of the oldest upload on its own, if the turn can be had now; False if
    not. Small while gates scan (here, or in another process), whole API batches otherwise."""
    upload = lanes.uploads[0]
    busy = time.monotonic() - lanes.last_online < BUSY_SECONDS
    piece = _next_piece(
        upload, BUSY_CHUNK if busy or interactive_within(BUSY_SECONDS) else SYNC_CHUNK
    )
    try:
        with bulk_turn() as mine:
            if not mine:
                return False
            results = record_batch(piece)
    except Exception as error:
        logger.exception("upload piece of %d failed", len(piece))
        _failed(lanes, upload, error)
        close_old_connections()
        return True
    _committed(lanes, upload, results)
    return True


def _next_piece(upload: _Upload, size: int) -> Sequence[Pending]:
    done = len(upload.results)
    return upload.items[done : done + size]


def _committed(lanes: _Lanes, upload: _Upload, results: list[Result]) -> None:
    upload.results.extend(results)
    if len(upload.results) == len(upload.items):
        lanes.uploads.popleft()
        upload.reply.set_result(upload.results)


def _failed(lanes: _Lanes, upload: _Upload, error: Exception) -> None:
    """The pieces committed stay (the phone sends it all again, and they answer ``duplicate``)."""
    lanes.uploads.popleft()
    upload.reply.set_exception(error)
