"""``garrison import_roads FILE [--event SLUG] [--name NAME]``: import an OSM road network.

Reads .osm.pbf or .osm, keeps drivable roads, shows progress and a report of what it found (roads
by class, connectivity) so gaps in the data are visible. Re-importing replaces the network. Then
builds the event's offline base map from the same file (``garrison build_basemap``), unless
``--no-basemap``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.core.errors import DomainError
from garrison.events import basemap
from garrison.events.basemap.features import BasemapSourceError
from garrison.events.management.commands.build_basemap import report_line
from garrison.traffic.management.commands._common import event_from_option
from garrison.traffic.routing.services import import_network


class Command(BaseCommand):
    help = "Import drivable roads from an OpenStreetMap .osm.pbf or .osm file into an event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="path to the .osm.pbf or .osm file")
        parser.add_argument("--event", help="event slug (default: the only event)")
        parser.add_argument("--name", help="network name (default: from the file name)")
        parser.add_argument(
            "--no-basemap", action="store_true", help="do not build the base map from the file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        event = event_from_option(options["event"])
        path = Path(options["file"])
        started = time.perf_counter()
        labels = {"read": "objects read", "graph": "arcs built", "store": "roads stored"}

        def progress(stage: str, done: int) -> None:
            self.stdout.write(f"  {labels.get(stage, stage)}: {done:,}")

        self.stdout.write(f"Importing {path} into “{event.name}” ({event.slug})…")
        try:
            network = import_network(event, path, name=options["name"], progress=progress)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Network “{network.name}” (version {network.version})")
        )
        for line in report_lines(network.report):
            self.stdout.write(line)
        self.stdout.write(f"  took {time.perf_counter() - started:.1f} s; {network.attribution}")
        if not options["no_basemap"]:
            try:
                self.stdout.write(report_line(basemap.build(event, path)))
            except BasemapSourceError as exc:
                raise CommandError(f"{path}: base map not built ({exc})") from exc


def report_lines(report: dict[str, Any]) -> list[str]:
    lines = [
        f"  {report['roads']:,} drivable roads ({report['named_roads']:,} named, "
        f"{report['one_way_roads']:,} one-way, {report['with_maxspeed']:,} with a speed limit)",
        f"  graph: {report['nodes']:,} nodes, {report['arcs']:,} directed arcs",
        "  by class (roads, km of arcs):",
    ]
    km = report.get("arc_km_by_class", {})
    for road_class, count in report["by_class"].items():
        lines.append(f"    {road_class:<16} {count:>6,}  {km.get(road_class, 0):>7.1f} km")
    lines.append(
        f"  largest strongly connected part: {report['largest_nodes']:,} nodes "
        f"({report['largest_share']:.1%}); {report['pieces_cut_off']:,} pieces cut off "
        f"({report['nodes_cut_off']:,} nodes)"
    )
    return lines
