"""``garrison restore FILE``: put a copy made by ``garrison backup`` back in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.core.backup import BackupError, purged_after, restore, taken_at


class Command(BaseCommand):
    # An operator's command on the database alone: the system checks would import every view
    # (and the solver, routing and PDF libraries behind them) first, over a second for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Replace the database's contents with FILE, a copy made by `garrison backup`. Stop the "
        "server first. Afterwards run `garrison audit_verify` to check the restored audit chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the database"
        )
        parser.add_argument(
            "--purge-again",
            action="store_true",
            help="purge again, at once, the events this copy predates the purge of (else asked)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"] and input("Replace the whole database? [y/N] ").lower() != "y":
            raise CommandError("restore cancelled")
        try:
            taken = taken_at(options["file"]) if options["file"].is_file() else None
            restore(options["file"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"database restored from {options['file']}")
        # The copy does not know of purges made after it was taken: their people are back.
        purges = purged_after(taken) if taken else []
        events = sorted({purge["event"] for purge in purges})
        for purge in purges:
            self.stdout.write(
                f"WARNING: this copy was taken before the purge of event {purge['event']} "
                f"({purge['finished']}): its personal data is back. Purge it again: "
                f"garrison purge_personal_data {purge['event']} --early"
            )
        if not events:
            return
        again = options["purge_again"] or (
            not options["yes"]
            and input(f"Purge {', '.join(events)} again now? [y/N] ").lower() == "y"
        )
        if not again:
            self.stdout.write(
                "Not purged again yet: the event's retention page says so until it is."
            )
            return
        for event in events:
            # By name, not by import: the platform does not know the events app.
            try:
                call_command("purge_personal_data", event, "--early", stdout=self.stdout)
            except CommandError as error:  # an event the copy does not hold: nothing to purge
                self.stdout.write(f"{event}: {error}")
