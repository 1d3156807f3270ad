"""Importing OSM road networks: what is kept, the report, replacement, and bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.models import Road, RoadNetwork
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
