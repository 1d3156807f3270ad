"""``garrison export_archive EVENT [--with-personal] --out FILE.zip``: write the event's archive.

The same zip as the retention page's button (``events.services.archive``), written to a file by
an operator on the server. Without ``--with-personal`` the columns the apps declare personal and
the documents that name people are left out; with it, the export's audit entry says so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from garrison.audit.services import SYSTEM, Actor
from garrison.events.models import Event
from garrison.events.services import archive


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Write the event's archive to FILE.zip: every table as JSON and CSV, the documents "
        "(after-action reports; the signed action plans only with personal data) and the "
        "statistics as JSON and PDF. Personal data only with --with-personal, which the audit "
        "log records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's short name (slug)")
        parser.add_argument("--out", type=Path, required=True, help="the zip file to write")
        parser.add_argument(
            "--with-personal", action="store_true", help="include the personal data"
        )
        parser.add_argument("--user", help="the operator account exporting it, for the audit log")

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with the short name {options['event']!r}.")
        out: Path = options["out"]
        if out.suffix != ".zip":
            raise CommandError("--out must name a .zip file")
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent} is not a directory")
        with_personal = bool(options["with_personal"])
        archive.log_export(self._actor(options["user"]), event, with_personal=with_personal)
        # Written beside, then moved: a crash leaves no half archive under the name asked for.
        partial = out.with_name(f".{out.name}.partial")
        try:
            with partial.open("wb") as file:
                os.chmod(partial, 0o600)  # it may hold people's data: its owner's only
                for piece in archive.stream(event, with_personal=with_personal):
                    file.write(piece)
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
        purged = archive.purge_of(event) is not None
        self.stdout.write(
            f"archive of {event.slug} written to {out} "
            f"({'with' if with_personal else 'without'} personal data; "
            f"{'purged' if purged else 'not purged yet'})"
        )

    def _actor(self, username: str | None) -> Actor:
        if not username:
            return SYSTEM
        from garrison.accounts.models import User

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return Actor.of_user(user)
