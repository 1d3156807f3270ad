"""Importing OSM road networks: what is kept, the report, replacement, and bad files."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import DjangoAssertNumQueries

from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.models import Road, RoadNetwork
from garrison.traffic.routing import services
from garrison.traffic.routing.graph import build_graph
from garrison.traffic.routing.osm import ParsedRoad, Progress, read_roads
from garrison.traffic.routing.router import Router, router_for
from garrison.traffic.routing.services import import_network
from garrison.traffic.tests.fixtures import WAYS, write_osm

DATA = Path(__file__).resolve().parent.parent / "data"


def test_import_keeps_drivable_roads_with_their_attributes(grid_network: RoadNetwork) -> None:
    roads = {road.osm_id: road for road in grid_network.roads.all()}
    # The footway, the car-free alley are left out; the island is drivable, so it stays.
    assert sorted(roads) == [100, 101, 102, 103, 104, 105, 107]
    assert roads[100].road_class == "primary"
    assert roads[100].name == "Main A"
    assert roads[100].maxspeed == 50
    assert roads[103].oneway == 1
    assert roads[104].lanes == 2
    assert roads[102].nodes == [1, 4, 7]
    assert roads[102].coords[0] == [105.84, 21.02]
    assert 200 < roads[102].length_m < 240


def test_speed_comes_from_maxspeed_or_the_class_table(grid_network: RoadNetwork) -> None:
    roads = {road.osm_id: road for road in grid_network.roads.all()}
    assert roads[100].speed_kmh(grid_network.speeds) == 50
    assert roads[102].speed_kmh(grid_network.speeds) == grid_network.speeds["residential"]
    assert roads[102].speed_kmh({**grid_network.speeds, "residential": 12}) == 12


def test_report_counts_classes_and_the_parts_cut_off(grid_network: RoadNetwork) -> None:
    report = grid_network.report
    assert report["roads"] == 7
    assert report["by_class"] == {"service": 2, "primary": 2, "residential": 2, "tertiary": 1}
    assert report["nodes"] == 11
    assert report["largest_nodes"] == 9
    assert report["largest_share"] == pytest.approx(9 / 11, abs=1e-3)
    assert report["pieces_cut_off"] == 1
    assert report["one_way_roads"] == 1


def test_network_bounds_and_attribution_are_stored(grid_network: RoadNetwork) -> None:
    assert grid_network.contains(21.021, 105.841)
    assert not grid_network.contains(21.5, 105.841)
    assert grid_network.attribution == "© OpenStreetMap contributors"


def test_reimport_replaces_the_network_and_keeps_speed_edits(
    event: Event, grid_network: RoadNetwork, tmp_path: Path
) -> None:
    RoadNetwork.objects.filter(pk=grid_network.pk).update(speeds={"residential": 11})
    smaller = write_osm(tmp_path, "grid.osm", ways=[w for w in WAYS if w[0] != 105])
    again = import_network(event, smaller)
    assert again.pk == grid_network.pk
    assert again.version == 2
    assert sorted(again.roads.values_list("osm_id", flat=True)) == [100, 101, 102, 103, 104, 107]
    assert again.speeds["residential"] == 11
    assert Entry.objects.filter(action="traffic.network.imported").count() == 2


def test_a_second_file_is_a_second_network(
    grid_network: RoadNetwork, event: Event, grid_osm: Path
) -> None:
    other = import_network(event, grid_osm, name="second-city")
    assert set(event.road_networks.values_list("name", flat=True)) == {"grid", "second-city"}
    assert other.roads.count() == grid_network.roads.count()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"this is not OSM at all \x00\x01", "could not be read"),
        (b'<?xml version="1.0"?><osm version="0.6"><node id="1" lat="1" lo', "could not be read"),
    ],
)
def test_a_bad_file_fails_clearly_and_leaves_the_network_as_it_was(
    event: Event, grid_network: RoadNetwork, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "grid.osm"
    bad.write_bytes(content)
    with pytest.raises(DomainError, match=message) as caught:
        import_network(event, bad)
    assert caught.value.code == "bad_osm_file"
    assert RoadNetwork.objects.get(pk=grid_network.pk).version == 1
    assert Road.objects.filter(network=grid_network).count() == 7


def test_a_file_without_drivable_roads_is_refused(event: Event, tmp_path: Path) -> None:
    path = write_osm(tmp_path, "paths.osm", ways=[(1, [1, 2], {"highway": "footway"})])
    with pytest.raises(DomainError, match="no drivable roads"):
        import_network(event, path)
    assert not RoadNetwork.objects.exists()


def test_a_missing_file_or_wrong_kind_is_refused(event: Event, tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="No such file"):
        import_network(event, tmp_path / "nope.osm.pbf")
    other = tmp_path / "roads.csv"
    other.write_text("a,b\n")
    with pytest.raises(DomainError, match="OpenStreetMap"):
        import_network(event, other)


def test_command_imports_and_prints_the_report(event: Event, grid_osm: Path) -> None:
    out = io.StringIO()
    call_command("import_roads", str(grid_osm), "--event", event.slug, stdout=out)
    text = out.getvalue()
    assert "7 drivable roads" in text
    assert "primary" in text
    assert "81.8%" in text
    assert "1 pieces cut off" in text
    assert "© OpenStreetMap contributors" in text


def test_command_explains_bad_input(event: Event, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No event"):
        call_command("import_roads", str(tmp_path / "x.osm"), "--event", "nope")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_roads", str(tmp_path / "x.osm"), "--event", event.slug)


def test_the_shipped_hanoi_pbf_imports_with_its_attribution(event: Event) -> None:
    network = import_network(event, DATA / "hanoi-central.osm.pbf")
    report = network.report
    assert report["roads"] > 7000
    assert report["largest_share"] > 0.9
    assert report["by_class"]["primary"] > 300
    assert "OpenStreetMap" in (DATA / "README.md").read_text(encoding="utf-8")


def test_an_import_hands_routing_the_graph_of_the_stored_roads_and_reads_a_file_once(
    event: Event,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    reads: list[Path] = []

    def counted(path: Path, progress: Progress | None = None) -> list[ParsedRoad]:
        reads.append(path)
        return read_roads(path, progress)

    monkeypatch.setattr(services, "read_roads", counted)
    monkeypatch.setattr(services, "KEEP_FROM_BYTES", 0)  # the grid's file, kept as a city's is
    # No left turn from Main A (100) into Middle (104) at node 2.
    no_left = (
        1,
        {"type": "restriction", "restriction": "no_left_turn"},
        [
            ("way", 100, "from"),
            ("node", 2, "via"),
            ("way", 104, "to"),
        ],
    )
    path = write_osm(tmp_path, "turns.osm", relations=[no_left])
    network = RoadNetwork.objects.get(pk=import_network(event, path).pk)
    assert reads == [path] and network.restrictions
    # The first route after the import reads no road back: routing has the import's own graph,
    # the same as one built from the stored roads.
    with django_assert_num_queries(0):
        kept = router_for(network)
    stored = list(Road.objects.filter(network=network).order_by("pk"))
    rebuilt = Router(
        build_graph(stored, network.speeds),
        [(str(r), int(f), int(v), int(t)) for r, f, v, t in network.restrictions],
    )
    for name in ("node_osm", "lat", "lon", "tail", "head", "length_m", "time_ms", "way", "road"):
        assert np.array_equal(getattr(kept.graph, name), getattr(rebuilt.graph, name)), name
    assert kept.graph.road_classes == rebuilt.graph.road_classes
    assert kept.graph.road_names == rebuilt.graph.road_names
    assert list(kept.restrictions) == list(rebuilt.restrictions)

    # The same file again is not parsed again; a changed one is.
    import_network(event, path, name="again")
    assert reads == [path]
    write_osm(tmp_path, "turns.osm", ways=[w for w in WAYS if w[0] != 105], relations=[no_left])
    again = import_network(event, path, name="again")
    assert reads == [path, path]
    assert not again.roads.filter(osm_id=105).exists()
