"""The write path for road networks.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
Parsing an import happens before the transaction opens, so a bad file leaves the stored network
exactly as it was; the replacement itself is one transaction (readers see the old or the new).
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import SYSTEM, Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.live_events import NETWORK_IMPORTED, NETWORK_SPEEDS_CHANGED
from garrison.traffic.models import DEFAULT_SPEEDS, Road, RoadNetwork
from garrison.traffic.roles import PLANNERS
from garrison.traffic.routing.graph import build_graph, network_report
from garrison.traffic.routing.osm import (
    OsmReadError,
    ParsedRoad,
    Progress,
    read_restrictions,
    read_roads,
)
from garrison.traffic.routing.router import Router, keep_router
from garrison.traffic.routing.turns import Restriction

_BATCH = 2000

# The last large file this process read, by its path and content: importing the same file again
# (the demo placed afresh on another day; the test suite, many times over) skips parsing it, most
# of an import's time. One entry, so a process keeps at most one file's roads; a small file (a
# test's few streets) is parsed in no time and not kept. An import that reports its progress (the
# command, one file per run) reads the file, as its reader reports.
KEEP_FROM_BYTES = 64 * 1024
_last_read: tuple[tuple[str, str], list[ParsedRoad], list[Restriction]] | None = None
_last_read_lock = threading.Lock()


def network_name_for(path: Path) -> str:
    stem = path.name.split(".")[0].lower()
    return re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-")[:80] or "roads"


def network_summary(network: RoadNetwork) -> dict[str, Any]:
    report = network.report
    return {
        "name": network.name,
        "source": network.source,
        "roads": report.get("roads"),
        "nodes": report.get("nodes"),
        "arcs": report.get("arcs"),
        "largest_share": report.get("largest_share"),
        "version": network.version,
    }


def import_network(
    event: Event,
    path: Path,
    *,
    name: str | None = None,
    actor: Actor = SYSTEM,
    progress: Progress | None = None,
) -> RoadNetwork:
    """Read ``path`` and store its drivable roads as the event's network ``name``.

    A network of the same name is replaced in one transaction; planners' speed edits are kept.
    """
    name = name or network_name_for(path)
    try:
        parsed, restrictions = read_file(path, progress)
    except OsmReadError as exc:
        raise DomainError("bad_osm_file", str(exc), field="file") from exc
    old = RoadNetwork.objects.filter(event=event, name=name).first()
    speeds = {**DEFAULT_SPEEDS, **(old.speeds if old else {})}
    graph = build_graph(parsed, speeds)
    if progress:
        progress("graph", graph.arc_count)
    report = {**network_report(parsed, graph), "turn_restrictions": len(restrictions)}
    lats = [lat for road in parsed for _lon, lat in road.coords]
    lons = [lon for road in parsed for lon, _lat in road.coords]
    with transaction.atomic():
        network = RoadNetwork.objects.select_for_update().filter(pk=old.pk).first() if old else None
        before = network_summary(network) if network else None
        if network is None:
            network = RoadNetwork(event=event, name=name, version=0, speeds=speeds)
        network.source = path.name[:300]
        network.imported_at = timezone.now()
        network.version += 1
        network.report = report
        network.restrictions = [list(r) for r in restrictions]
        network.min_lat, network.max_lat = min(lats), max(lats)
        network.min_lon, network.max_lon = min(lons), max(lons)
        network.save()
        Road.objects.filter(network=network).delete()
        rows = [
            Road(
                network=network,
                osm_id=road.osm_id,
                road_class=road.road_class,
                name=road.name,
                oneway=road.oneway,
                lanes=road.lanes,
                maxspeed=road.maxspeed,
                nodes=road.nodes,
                coords=[list(c) for c in road.coords],
                length_m=round(road.length_m, 1),
            )
            for road in parsed
        ]
        for start in range(0, len(rows), _BATCH):
            Road.objects.bulk_create(rows[start : start + _BATCH])
            if progress:
                progress("store", min(start + _BATCH, len(rows)))
        record(
            actor,
            "traffic.network.imported",
            network,
            event_id=event.pk,
            before=before,
            after=network_summary(network),
        )
        NETWORK_IMPORTED.emit(event, {"id": network.pk, "name": network.name})
        # The graph just built is the one ``router_for`` would build from the stored roads (same
        # roads in the same order, same speeds): the first route after an import need not read
        # them back.
        keep_router(network, Router(graph, restrictions))
    return network


def read_file(
    path: Path, progress: Progress | None = None
) -> tuple[list[ParsedRoad], list[Restriction]]:
    """The drivable roads and turn restrictions of the file at ``path``, as an import reads
    them: the last file's again when it is unchanged."""
    global _last_read
    key = None
    try:
        if path.stat().st_size >= KEEP_FROM_BYTES:
            with path.open("rb") as file:
                key = (str(path.resolve()), hashlib.file_digest(file, "sha256").hexdigest())
    except OSError:
        pass  # read_roads says what is wrong with the path
    with _last_read_lock:
        last = _last_read
    if progress is None and key is not None and last is not None and last[0] == key:
        return last[1], last[2]
    parsed = read_roads(path, progress)
    restrictions = read_restrictions(path, {road.osm_id for road in parsed})
    if key is not None:
        with _last_read_lock:
            _last_read = (key, parsed, restrictions)
    return parsed, restrictions


def set_speeds(membership: Membership, network: RoadNetwork, speeds: dict[str, int]) -> RoadNetwork:
    """Change the per-class default speeds (km/h) used where a road has no ``maxspeed``."""
    require_role(membership, PLANNERS)
    if network.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    clean: dict[str, int] = {}
    for road_class, kmh in speeds.items():
        if road_class not in DEFAULT_SPEEDS:
            raise DomainError(
                "invalid_choice",
                _("Unknown road class “%(value)s”.") % {"value": road_class[:40]},
                field="speeds",
            )
        if not isinstance(kmh, int) or not 3 <= kmh <= 130:
            raise DomainError(
                "out_of_range", _("Speeds must be between 3 and 130 km/h."), field="speeds"
            )
        clean[road_class] = kmh
    with transaction.atomic():
        locked = RoadNetwork.objects.select_for_update().get(pk=network.pk)
        before = {"speeds": locked.speeds}
        locked.speeds = {**locked.speeds, **clean}
        locked.version += 1
        locked.save(update_fields=["speeds", "version"])
        record(
            Actor.of_user(membership.user),
            "traffic.network.speeds_changed",
            locked,
            event_id=locked.event_id,
            before=before,
            after={"speeds": locked.speeds},
        )
        NETWORK_SPEEDS_CHANGED.emit(locked.event, {"id": locked.pk})
    return locked
