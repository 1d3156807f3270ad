"""Taking turns at SQLite's single write lock.

SQLite lets one transaction write at a time, and a writer that finds the database busy polls
with growing sleeps (up to 100 ms each) until its busy timeout: under a burst, a writer that has
lost a few rounds keeps losing to newcomers, and latency grows to seconds. Hot write paths
therefore queue for their turn here — threads of one process on a lock, server processes on an
exclusive ``flock`` of a file beside the database — and the kernel wakes the next one the moment
a turn ends. PostgreSQL has row locks and needs no turn.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_in_process = threading.Lock()
_lock_files: dict[str, int] = {}


def _lock_file(database: str) -> int | None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return None  # an in-memory database lives in this process only
    fd = _lock_files.get(database)
    if fd is None:
        fd = os.open(f"{database}.write-turn", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[database] = fd
    return fd


@contextmanager
def write_turn() -> Iterator[None]:
    """Wait for this writer's turn (SQLite), then run the block; open the transaction inside."""
    if connection.vendor != "sqlite":
        yield
        return
    with _in_process:
        fd = _lock_file(str(connection.settings_dict["NAME"]))
        if fd is None:
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


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
