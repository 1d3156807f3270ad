"""Notice missed response-time targets and tell the commander, every few seconds.

A breach happens by time passing, not by anyone's action, so something must look: the workers
do on their schedule (``garrison worker``), the demo's server does itself, and this command does
for a deployment without either, running or ``--once`` from cron.

It keeps its own database connection and writes only when a target is missed, one short
transaction per breach; its reads take no write lock, so on SQLite (WAL) it never holds up the
server. A round that fails on the database (busy past the timeout, a dropped connection) is
reported and the next round starts on a fresh connection: the watcher must not quietly die.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection

from garrison.ops.timers.services import check_all


class Command(BaseCommand):
    help = "Record missed response-time targets and notify the command (live feed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and stop.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            try:
                found = check_all()
            except DatabaseError as error:
                if options["once"]:
                    raise
                self.stderr.write(f"timer check failed, retrying: {error}")
                connection.close()
                found = 0
            if found:
                self.stdout.write(f"{found} target(s) missed")
            if options["once"]:
                return
            time.sleep(max(0.5, options["interval"]))
