"""Replay a drill script through the real desk, faster than real time, and print its figures.

    garrison run_drill SCRIPT [--speed N] [--players auto] [--seed S]

SCRIPT is a script's id or name. The command plays the controller (it starts and ends the drill
as the event's commander or duty officer) and, with ``--players auto``, the desk and the units
(``drills.players``). Injects are released by the same tick the workers run; the figures are the
after-action report's: how many injects, the release lag, and p50/p90 of each interval.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from garrison.accounts.models import Membership
from garrison.core.errors import DomainError
from garrison.drills.models import DrillScript, Release, ReleaseState
from garrison.drills.players import Players
from garrison.drills.report import INTERVALS, build_report
from garrison.drills.roles import CONTROLLERS
from garrison.drills.running import services
from garrison.drills.running.services import release

POLL_SECONDS = 0.02
SETTLE_LIMIT_SECONDS = 3600.0  # drill seconds the players get after the last inject


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


class Command(BaseCommand):
    help = "Run a drill script through the desk with simulated players and print its figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("script", help="The script's id or name.")
        parser.add_argument("--event", help="The event's short name (when names repeat).")
        parser.add_argument("--speed", type=int, default=60, help="Times faster than real time.")
        parser.add_argument("--players", choices=["auto", "none"], default="auto")
        parser.add_argument("--seed", type=int, default=1)

    def _script(self, options: dict[str, Any]) -> DrillScript:
        scripts = DrillScript.objects.select_related("event")
        if options["event"]:
            scripts = scripts.filter(event__slug=options["event"])
        key = options["script"]
        found = list(scripts.filter(pk=int(key))) if key.isdigit() else []
        found = found or list(scripts.filter(name=key))
        if len(found) != 1:
            raise CommandError(f"no single script is called {key!r}")
        return found[0]

    def handle(self, *args: Any, **options: Any) -> None:
        script = self._script(options)
        controller = (
            Membership.objects.filter(event=script.event, role__in=CONTROLLERS)
            .select_related("user", "event")
            .order_by("role", "pk")
            .first()
        )
        if controller is None:
            raise CommandError("the event has no commander or duty officer to control the drill")
        try:
            drill = services.create_drill(
                controller, script, f"{script.name} · auto", speed=options["speed"]
            )
            drill = services.start_drill(controller, drill)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        players = Players(drill, seed=options["seed"]) if options["players"] == "auto" else None
        started = time.monotonic()
        try:
            self._play(drill.pk, players, started)
        finally:
            drill.refresh_from_db()
            services.stop_drill(controller, drill)
        self._print(drill, time.monotonic() - started)

    def _play(self, drill_id: int, players: Players | None, started: float) -> None:
        last = 0.0
        while True:
            now = timezone.now()
            release.release_due(now)
            if players is not None:
                players.step(now)
            waiting = Release.objects.filter(drill_id=drill_id, state=ReleaseState.PENDING)
            if not waiting.exists():
                if players is None or not players.busy:
                    return
                last = last or time.monotonic()
                if (time.monotonic() - last) * players.drill.speed > SETTLE_LIMIT_SECONDS:
                    return
            time.sleep(POLL_SECONDS)

    def _print(self, drill: Any, seconds: float) -> None:
        report = build_report(drill)
        out = self.stdout
        out.write(f"drill {drill.pk} “{drill.name}” at {drill.speed}× in {seconds:.1f} s")
        out.write(f"injects: {len(report.lines)}  released: {report.released}")
        out.write(f"targets met: {report.met}  missed: {report.missed}")
        out.write(
            f"release lag (s): p50 {report.lag(50) or 0:.3f}  p99 {report.lag(99) or 0:.3f}  "
            f"max {max(report.lags, default=0):.3f}"
        )
        out.write("interval (drill seconds)      n   p50   p90")
        figures = report.figures()
        for key, *_rest in INTERVALS:
            row = figures[key]
            out.write(f"{key:<28}{row['n']:>3.0f} {_fmt(row['p50']):>5} {_fmt(row['p90']):>5}")
