"""``garrison backup FILE``: a consistent copy of the database, taken while Garrison runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.core.backup import BackupError, backup


class Command(BaseCommand):
    # An operator's command on the database alone: the system checks would import every view
    # (and the solver, routing and PDF libraries behind them) first, over a second for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Copy the database to FILE while the server keeps running (SQLite: online backup API; "
        "PostgreSQL: pg_dump custom format). The copy holds every transaction committed before "
        "it began. Restore with `garrison restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup(options["file"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written to {options['file']}")
