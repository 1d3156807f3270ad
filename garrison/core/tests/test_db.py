"""Writers take turns at SQLite's write lock: threads on a lock, processes on a file lock."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from garrison.core.db import write_turn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL needs no turn"),
]


def test_a_second_thread_waits_for_the_first_turn_to_end() -> None:
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with write_turn():
            inside.set()
            time.sleep(0.3)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait(5)
    with write_turn():
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]


def test_another_process_holding_the_turn_makes_this_one_wait() -> None:
    path = f"{connection.settings_dict['NAME']}.write-turn"
    holder = subprocess.Popen(  # noqa: S603 - our interpreter, a fixed script
        [
            sys.executable,
            "-c",
            # select, not time.sleep: it also sleeps under the shifted clocks of .ci/run
            # (garrison/conftest.py says why).
            "import fcntl, os, select\n"
            f"fd = os.open({path!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('held', flush=True)\n"
            "select.select([], [], [], 0.5)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    with write_turn():
        waited = time.monotonic() - start  # in only once the other process let go
    holder.wait(10)
    assert waited >= 0.3
