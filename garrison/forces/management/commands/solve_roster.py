"""``garrison solve_roster EVENT [--time-limit S]``: solve the event's roster and print figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.events.models import Event
from garrison.forces.models import RosterRun, RunStatus
from garrison.forces.roster.services import rules_for
from garrison.forces.roster.services.runs import execute_run, queue_run


class Command(BaseCommand):
    help = "Solve the event's 24/7 roster and print coverage, objective, bound and time."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's short name (slug)")
        parser.add_argument("--time-limit", type=float, help="seconds (default: the event's rule)")
        parser.add_argument("--workers", type=int, help="solver threads (default: CPU count)")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event “{options['event']}”.")
        if RosterRun.objects.filter(
            event=event, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).exists():
            raise CommandError("The roster is already being solved.")
        limit = options["time_limit"] or rules_for(event).time_limit_seconds
        if limit <= 0:
            raise CommandError("--time-limit must be positive.")
        run = queue_run(event, max(1, round(limit)))
        run = execute_run(run.pk, log=self.stdout.write, workers=options["workers"])
        self.stdout.write(f"status:     {run.status} (solver {run.solver_status})")
        self.stdout.write(f"coverage:   {100 * (run.coverage or 0):.1f} %")
        self.stdout.write(f"objective:  {run.objective}")
        self.stdout.write(f"bound:      {run.bound}")
        self.stdout.write(f"time:       {run.elapsed_seconds:.1f} s")
        for line in run.report[:20]:
            self.stdout.write(f"  gap: {line['text']}")
        if len(run.report) > 20:
            self.stdout.write(f"  … and {len(run.report) - 20} more")
