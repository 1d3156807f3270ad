"""``garrison route LAT,LON LAT,LON [--at TIME] [--event SLUG] [--alternatives N]``.

Prints the fastest route's travel seconds, metres and the OSM way ids it follows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.core.errors import DomainError
from garrison.traffic.management.commands._common import event_from_option
from garrison.traffic.routing.paths import route
from garrison.traffic.routing.router import LatLon


def parse_point(text: str) -> LatLon:
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as exc:
        raise CommandError(f"“{text}”: expected LAT,LON such as 21.0228,105.8443") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise CommandError(f"“{text}”: latitude or longitude out of range")
    return lat, lon


def parse_time(text: str, tz: dt.tzinfo) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--at “{text}”: expected ISO 8601, e.g. 2026-12-01T07:15") from exc
    # A time without zone is in the event's time zone, as the command's users read clocks.
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


class Command(BaseCommand):
    help = "Print the fastest road route between two points: seconds, metres, OSM way ids."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("origin", help="LAT,LON")
        parser.add_argument("destination", help="LAT,LON")
        parser.add_argument("--at", help="departure time (ISO 8601; event time zone if none)")
        parser.add_argument("--event", help="event slug (default: the only event)")
        parser.add_argument("--alternatives", type=int, default=0, help="also print N others")

    def handle(self, *args: Any, **options: Any) -> None:
        event = event_from_option(options["event"])
        a, b = parse_point(options["origin"]), parse_point(options["destination"])
        at = parse_time(options["at"], event.tzinfo) if options["at"] else None
        try:
            router, routes = route(
                a, b, at, event=event, alternatives=max(0, min(options["alternatives"], 5))
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        for number, found in enumerate(routes):
            label = "fastest" if number == 0 else f"alternative {number}"
            if not found.reachable:
                raise CommandError("No route: the destination cannot be reached from the origin.")
            self.stdout.write(f"{label}:")
            self.stdout.write(f"  seconds: {found.seconds:.1f}")
            self.stdout.write(f"  metres: {found.metres:.0f}")
            self.stdout.write(f"  ways: {' '.join(str(w) for w in router.way_ids(found))}")
        snap_a, snap_b = routes[0].snap_m
        self.stdout.write(f"  snapped: origin {snap_a:.0f} m, destination {snap_b:.0f} m")
