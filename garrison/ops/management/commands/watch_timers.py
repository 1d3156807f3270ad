"""Notice missed response-time targets and tell the commander, every few seconds.

A breach happens by time passing, not by anyone's action, so something must look: this command
(run beside the server) or ``--once`` from cron.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from garrison.ops.timers import check_all


class Command(BaseCommand):
    help = "Record missed response-time targets and notify the command (live feed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and stop.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            found = check_all()
            if found:
                self.stdout.write(f"{found} target(s) missed")
            if options["once"]:
                return
            time.sleep(max(0.5, options["interval"]))
