"""Taking turns at SQLite's single write lock, and letting interactive writers go first.

SQLite lets one transaction write at a time, and a writer that finds the database busy polls
with growing sleeps (up to 100 ms each) until its busy timeout: under a burst, a writer that has
lost a few rounds keeps losing to newcomers, and latency grows to seconds. Hot write paths
therefore queue for their turn here — threads of one process on a lock, server processes on an
exclusive ``flock`` of a file beside the database — and the kernel wakes the next one the moment
a turn ends. PostgreSQL has row locks and needs no turn.

Someone waiting for an answer (a gate's scan, a tip) takes ``write_turn``. Bulk work that no one
is watching (a phone's upload of the scans it made offline) takes ``bulk_turn`` piece by piece:
it gets the turn only when the turn is free and no interactive writer in any process is queued
for it, so an interactive writer waits for at most the one piece in progress. Without this, a
process that releases the lock and asks again at once wins it back before the waiting process
has even woken (``flock`` is not first come, first served), and a gate waits behind a whole
backlog. The queue is a second file: each process's interactive writer holds it shared while it
waits, and a bulk writer needs it exclusively for the instant it takes the turn.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

_in_process = threading.Lock()  # the interactive writers of this process, one at a time
_bulk_in_process = threading.Lock()  # its bulk writers, one at a time
_NOTE_EVERY_NS = 10_000_000  # an interactive turn is noted for the bulk writers every 10 ms


@dataclass
class _Files:
    """One process's descriptors for one database. A ``flock`` belongs to an open file, so the
    interactive and the bulk writers of a process each open their own and exclude each other
    like two processes; the threads of one kind share theirs, one at a time (the locks above)."""

    pid: int  # a forked child opens its own: an inherited open file shares its locks
    turn: int
    queue: int
    bulk_turn: int
    bulk_queue: int
    noted_ns: int = 0  # when this process last wrote the time of an interactive turn


_files: dict[str, _Files] = {}


def _files_of(database: str) -> _Files | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None  # an in-memory database lives in this process only
    files = _files.get(database)
    if files is None or files.pid != os.getpid():

        def open_(suffix: str) -> int:
            return os.open(f"{database}.{suffix}", os.O_RDWR | os.O_CREAT, 0o600)

        files = _Files(
            os.getpid(),
            *(open_("write-turn"), open_("write-queue"), open_("write-turn"), open_("write-queue")),
        )
        _files[database] = files
    return files


def _database() -> str:
    return str(connection.settings_dict["NAME"])


@contextmanager
def write_turn() -> Iterator[None]:
    """Wait for this writer's turn (SQLite), then run the block; open the transaction inside.
    Queued ahead of every bulk writer (``bulk_turn``)."""
    if connection.vendor != "sqlite":
        yield
        return
    with _in_process:
        files = _files_of(_database())
        if files is None:
            yield
            return
        fcntl.flock(files.queue, fcntl.LOCK_SH)  # in the queue: no bulk writer starts now
        try:
            fcntl.flock(files.turn, fcntl.LOCK_EX)
        finally:
            fcntl.flock(files.queue, fcntl.LOCK_UN)
        try:
            _note_interactive(files)
            yield
        finally:
            fcntl.flock(files.turn, fcntl.LOCK_UN)


@contextmanager
def bulk_turn() -> Iterator[bool]:
    """The turn for one piece of bulk work, if it is free now and no one is queued for it:
    yields True and holds it for the block, or yields False at once, holding nothing (try again
    a little later). PostgreSQL, and a database in memory, have no turn: always True."""
    if connection.vendor != "sqlite":
        yield True
        return
    if not _bulk_in_process.acquire(blocking=False):
        yield False
        return
    try:
        files = _files_of(_database())
        if files is None:
            yield True
            return
        if not _try_bulk(files):
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(files.bulk_turn, fcntl.LOCK_UN)
    finally:
        _bulk_in_process.release()


def _try_bulk(files: _Files) -> bool:
    try:
        fcntl.flock(files.bulk_queue, fcntl.LOCK_EX | fcntl.LOCK_NB)  # refused while one waits
    except BlockingIOError:
        return False
    try:
        fcntl.flock(files.bulk_turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        fcntl.flock(files.bulk_queue, fcntl.LOCK_UN)
    return True


def _note_interactive(files: _Files) -> None:
    """Write the time of this turn into the turn file, where every process's bulk writer reads
    it (``interactive_within``) — at most every 10 ms per process, without an fsync: a hint."""
    now = time.monotonic_ns()  # one clock for every process of the machine
    if now - files.noted_ns >= _NOTE_EVERY_NS:
        os.pwrite(files.turn, now.to_bytes(8, "little"), 0)
        files.noted_ns = now


def interactive_within(seconds: float) -> bool:
    """Whether an interactive writer of any process took the turn in the last ``seconds``
    (SQLite on disk; False elsewhere): a bulk writer then keeps its pieces small."""
    if connection.vendor != "sqlite":
        return False
    files = _files_of(_database())
    if files is None:
        return False
    noted = int.from_bytes(os.pread(files.bulk_turn, 8, 0).ljust(8, b"\0"), "little")
    return 0 <= time.monotonic_ns() - noted < seconds * 1e9


def serialise_on(key: str) -> None:
    """Inside a transaction: wait until no other transaction holds ``key``, and hold it until
    this one ends (PostgreSQL advisory lock). A count-then-insert limit needs it, since two
    transactions would otherwise both count the same rows. SQLite writes one at a time already."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )
