"""``garrison verify_plan FILE.pdf [--event SLUG]``: is this copy a published action plan (or a
published situation report)?

Prints which version it is (period, version, language, when and by whose key), or "not a
published version" and exits with status 1: a copy edited by one byte, or signed by another
event, is not one of this event's versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from garrison.events.models import Event
from garrison.reports.services import verify_bytes
from garrison.reports.sitreps.services import verify_sitrep_bytes

MAX_BYTES = 200 * 1024 * 1024


def _event(slug: str | None) -> Event:
    if slug:
        found = Event.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"No event “{slug}”.")
        return found
    events = list(Event.objects.all()[:2])
    if len(events) != 1:
        raise CommandError("Name the event with --event SLUG.")
    return events[0]


class Command(BaseCommand):
    help = "Say whether a PDF is a published version of the event's action plan, and which."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the PDF in hand")
        parser.add_argument("--event", help="event slug (default: the only event)")

    def handle(self, *args: Any, **options: Any) -> None:
        event = _event(options["event"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file “{path}”.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("not a published version (the file is too large to be a plan)")
        body = path.read_bytes()
        verdict = verify_bytes(event, body)
        tz = event.tzinfo
        if verdict.published is None:
            # A situation report is published, hashed and signed the same way.
            sitrep = verify_sitrep_bytes(event, body)
            if sitrep is None:
                raise CommandError("not a published version")
            self.stdout.write(
                f"published situation report no. {sitrep.number} of {event.slug} covering "
                f"{timezone.localtime(sitrep.covers_from, tz):%Y-%m-%d %H:%M} to "
                f"{timezone.localtime(sitrep.covers_to, tz):%Y-%m-%d %H:%M}, published "
                f"{timezone.localtime(sitrep.published_at, tz):%Y-%m-%d %H:%M}, signed by key "
                f"{sitrep.key_id}, sha256 {sitrep.sha256}"
            )
            return
        found = verdict.published
        starts = timezone.localtime(found.plan.period_starts, tz)
        when = timezone.localtime(found.published_at, tz)
        self.stdout.write(
            f"published version {found.version} of the action plan of {event.slug} for the "
            f"period from {starts:%Y-%m-%d %H:%M} ({found.language}), published "
            f"{when:%Y-%m-%d %H:%M}, {found.pages} pages, signed by key {found.key_id}, "
            f"sha256 {found.sha256}"
        )
