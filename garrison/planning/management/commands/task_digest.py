"""``garrison task_digest EVENT``: print the commander's digest of overdue and due-soon tasks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.events.models import Event
from garrison.planning.digest import queries as digest
from garrison.planning.tasks.models import Task


class Command(BaseCommand):
    help = "Print the event's overdue tasks and those due within 48 hours, by deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="event slug")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event “{options['event']}”.")
        found = digest.build(Task.objects.filter(event=event))
        self.stdout.write(digest.as_text(found, event.tzinfo, event.name), ending="")
