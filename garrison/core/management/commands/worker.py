"""``garrison worker``: run background jobs and the schedules, beside the web servers.

django_tasks_db's ``db_worker`` (same options: ``--interval``, ``--batch``, ``--max-tasks``,
``--queue-name``…) with Garrison's duties around it (core/worker.py): it answers the roll call,
puts back on the queue the jobs of workers that died, and runs the scheduled jobs once per tick
across all workers. Stop it with SIGINT or SIGTERM: it finishes the task in hand first (a second
signal stops it at once, and the job goes to the next worker). Run one or more per machine.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.db import connections
from django_tasks_db.management.commands import db_worker

from garrison.core.services import queue
from garrison.core.worker import Duties

# Seconds a worker's thread keeps its database connection (GARRISON_DB_CONN_MAX_AGE overrides).
KEEP_CONNECTIONS = 600
# Seconds an idle worker waits before it looks at the queue again (``--interval``). db_worker's
# own default, a second, was most of a short job's wait: one indexed read per look is cheap.
INTERVAL = 0.1


class Command(db_worker.Command):
    help = "Run background jobs (badge batches, roster solves) and the scheduled jobs."
    # Like the web processes (uvicorn, gunicorn), a worker starts without Django's system checks:
    # they would import every view, and the solver, routing and PDF libraries behind them, first.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False, worker_id=queue.new_worker_id(), interval=INTERVAL)
        parser.add_argument(
            "--no-schedules",
            action="store_true",
            help="Run tasks only; leave the scheduled jobs to the other workers.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"]:
            # The reloader's parent process would answer the roll call for its child.
            raise CommandError("garrison worker does not reload; restart it instead.")
        schedules = not options.pop("no_schedules")
        if "GARRISON_DB_CONN_MAX_AGE" not in os.environ:
            # A worker lives long and its threads work one thing at a time: each keeps its
            # connection, as gunicorn's threads do (garrison.wsgi), instead of the queue's loop
            # opening a new one for every task — on PostgreSQL most of a short job's cost
            # (bench/task_queue.py). Health checks (settings.py) replace one that has dropped.
            for alias in connections:
                connections.settings[alias]["CONN_MAX_AGE"] = KEEP_CONNECTIONS
        with Duties(options["worker_id"], schedules=schedules):
            super().handle(*args, **options)
