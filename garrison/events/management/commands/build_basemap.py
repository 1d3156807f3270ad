"""``garrison build_basemap EVENT [--file FILE] [--zooms 12-17]``: build the offline base map.

Vector tiles of the event's OpenStreetMap file (streets with their names, buildings, water,
parks, landmarks), stored as ``var/basemaps/EVENT.mbtiles``; every map of the event draws them.
``garrison import_roads`` builds it too, from the file it imports; the file of the last build is
kept beside the archive, so a rebuild needs no ``--file``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.events import basemap
from garrison.events.basemap.features import BasemapSourceError
from garrison.events.basemap.tiles import MAX_ZOOM, MIN_ZOOM
from garrison.events.models import Event


def zoom_range(text: str) -> range:
    """``12-17`` or ``15`` → the zooms, refused beyond what a district map needs."""
    low, _sep, high = text.partition("-")
    try:
        first, last = int(low), int(high or low)
    except ValueError as exc:
        raise CommandError(f"--zooms: give FIRST-LAST, e.g. {MIN_ZOOM}-{MAX_ZOOM}") from exc
    if not 0 <= first <= last <= 18:
        raise CommandError("--zooms: between 0 and 18, the first no deeper than the last")
    return range(first, last + 1)


def report_line(report: basemap.BuildReport) -> str:
    found = ", ".join(f"{n:,} {name}" for name, n in report.features.items())
    return (
        f"  base map: {report.tiles:,} tiles, {report.bytes / 1e6:.1f} MB "
        f"(largest tile {report.largest / 1e3:.0f} KB) from {found}; "
        f"{report.seconds:.1f} s → {report.path}"
    )


class Command(BaseCommand):
    help = "Build an event's offline base map (vector tiles) from its OpenStreetMap file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="event slug")
        parser.add_argument("--file", help=".osm.pbf or .osm file (default: the last build's)")
        parser.add_argument("--zooms", default=f"{MIN_ZOOM}-{MAX_ZOOM}", help="FIRST-LAST")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event “{options['event']}”.")
        source = Path(options["file"]) if options["file"] else basemap.source_copy(event)
        if not source.is_file():
            raise CommandError(
                f"No OpenStreetMap file: {source} does not exist; give one with --file."
            )
        self.stdout.write(f"Building the base map of “{event.name}” from {source}…")
        try:
            report = basemap.build(event, source, zooms=zoom_range(options["zooms"]))
        except BasemapSourceError as exc:
            raise CommandError(f"{source}: not readable as OpenStreetMap data ({exc})") from exc
        self.stdout.write(self.style.SUCCESS(report_line(report)))
        self.stdout.write(f"  {basemap.OSM_ATTRIBUTION}")
