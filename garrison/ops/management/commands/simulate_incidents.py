"""Feed realistic incidents into an event for demonstrations: ``garrison simulate_incidents --rate 2``."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from garrison.events.models import Event
from garrison.ops.simulation.simulator import Simulator


class Command(BaseCommand):
    help = "Create incidents at RATE per minute and work them through the desk's services."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rate", type=float, default=2.0, help="new incidents per minute")
        parser.add_argument("--event", help="event slug (default: the only or the first event)")
        parser.add_argument("--duration", type=float, default=0, help="seconds to run (0: forever)")
        parser.add_argument("--seed", type=int, help="random seed, for a repeatable run")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["rate"] <= 600:
            raise CommandError("--rate must lie between 0 and 600 incidents per minute")
        events = Event.objects.all()
        event = events.filter(slug=options["event"]).first() if options["event"] else events.first()
        if event is None:
            raise CommandError("no such event; load the demo first (make demo)")
        try:
            # A demonstration's dice, not a secret: a seeded PRNG makes a run repeatable.
            rng = random.Random(options["seed"])  # noqa: S311
            sim = Simulator(event, options["rate"], rng=rng)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"simulating {options['rate']}/min in {event.slug}; Ctrl-C stops")
        stop = time.monotonic() + options["duration"] if options["duration"] else None
        try:
            while stop is None or time.monotonic() < stop:
                sim.tick(timezone.now())
                time.sleep(1.0)
        except KeyboardInterrupt:
            pass
        self.stdout.write(f"{sim.made} incidents created")
