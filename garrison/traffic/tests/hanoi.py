"""Test support: the shipped Hanoi network for an event, without storing its 15,000 roads.

Importing the file into the database takes seconds; a test that only routes needs the network's
row and its router. ``hanoi_network`` stores the row (bounds from the graph) and hands the
router built once per process from the file to ``router_for``'s cache under that row's key.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.utils import timezone

from garrison.events.models import Event
from garrison.traffic.models import DEFAULT_SPEEDS, RoadNetwork
from garrison.traffic.routing import router as routing
from garrison.traffic.routing.graph import Graph, build_graph
from garrison.traffic.routing.services import read_file

HANOI_PBF = Path(__file__).resolve().parent.parent / "data" / "hanoi-central.osm.pbf"


@functools.cache
def hanoi_graph() -> Graph:
    # Read as an import reads it: a process that also imports the file parses it once.
    return build_graph(read_file(HANOI_PBF)[0])


@functools.cache
def hanoi_router() -> routing.Router:
    return routing.Router(hanoi_graph()).prepare()


def hanoi_network(event: Event) -> RoadNetwork:
    graph = hanoi_graph()
    network = RoadNetwork.objects.create(
        event=event,
        name="hanoi-central",
        source=HANOI_PBF.name,
        imported_at=timezone.now(),
        speeds=dict(DEFAULT_SPEEDS),
        min_lat=float(graph.lat.min()),
        max_lat=float(graph.lat.max()),
        min_lon=float(graph.lon.min()),
        max_lon=float(graph.lon.max()),
    )
    network.refresh_from_db()
    key = (network.pk, network.version, network.imported_at.isoformat())
    with routing._routers_lock:
        routing._routers[key] = hanoi_router()
    return network
