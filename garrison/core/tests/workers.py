"""Real queue workers for tests: the worker loop in a thread of the test process, or
``garrison worker`` in a process of its own, both on the test database.

The suite runs jobs on the immediate backend (garrison/conftest.py); a test that uses these
switches TASKS to the database backend (``DATABASE_TASKS``) and needs committed data
(``transactional_db``), since a worker reads through its own connection.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from garrison.core.services import queue
from garrison.core.worker import Duties

ROOT = Path(__file__).resolve().parents[3]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@contextmanager
def worker_thread(*, interval: float = 0.05, schedules: bool = True) -> Iterator[str]:
    """A worker — django_tasks_db's loop with Garrison's duties — in a thread; its id."""
    worker_id = queue.new_worker_id()
    worker = Worker(
        queue_names=["default"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )

    def run() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    with Duties(worker_id, schedules=schedules, tick=0.05, beat=0.5):
        thread = threading.Thread(target=run, name=f"test-worker-{worker_id}", daemon=True)
        thread.start()
        try:
            yield worker_id
        finally:
            worker.running = False
            thread.join(timeout=60)


def database_url() -> str:
    """The test database, as ``DATABASE_URL`` for a child process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, password = quote(settings["USER"] or ""), quote(settings["PASSWORD"] or "")
    host, port = settings["HOST"] or "localhost", settings["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"


# The child keeps the suite's clock (garrison/conftest.py NOW, ticking), as the test process does:
# the two compare heartbeats and due times written by each other.
ON_SUITE_CLOCK = """
import sys, time_machine
time_machine.travel(sys.argv[1], tick=True).start()
if sys.argv[2]:
    import django
    django.setup()
    exec(sys.argv[2])
from garrison.manage import main
main(["garrison", *sys.argv[3:]])
"""


def worker_process(*options: str, setup: str = "") -> subprocess.Popen[str]:
    """``garrison worker`` on the test database, in a process of its own; ``setup``, Python code
    run in it once Django is set up, before the worker starts."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "garrison.settings",
    }
    env.pop("GARRISON_TIMERS_IN_SERVER", None)
    now = timezone.now().isoformat()
    command = [
        sys.executable, "-c", ON_SUITE_CLOCK, now, setup, "worker", "--no-startup-delay", *options
    ]  # fmt: skip
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def until(check: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until ``check()`` holds; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
