"""The offline base map: built from the event's OSM file, served as vector tiles, drawn on maps.

The Hanoi tiles are built once for the module, for a few streets of Hoàn Kiếm at z16–17 (the
whole city at every zoom is the bench's job, not the suite's).
"""

from __future__ import annotations

import gzip
import math
from io import StringIO
from pathlib import Path
from typing import Any

import mapbox_vector_tile
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Role
from garrison.conftest import make_member, verified_client
from garrison.events import basemap
from garrison.events.basemap.features import read_features
from garrison.events.basemap.tiles import generate
from garrison.events.models import Event
from garrison.ops.models import OpsSettings

HANOI = Path(settings.BASE_DIR) / "traffic" / "data" / "hanoi-central.osm.pbf"
# Tràng Tiền, between Hoàn Kiếm lake and the Opera House.
TRANG_TIEN = (21.02464, 105.85445)
AROUND = (105.851, 21.022, 105.858, 21.027)  # W, S, E, N


def tile_of(lat: float, lon: float, z: int) -> tuple[int, int, int]:
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


@pytest.fixture(scope="module")
def hanoi_tiles() -> basemap.BuildReport:
    # Only the slug names the archive: the module's event rows come and go, the file stays.
    return basemap.build(Event(slug="congress"), HANOI, zooms=range(16, 18), within=AROUND)


@pytest.fixture
def member(event: Event) -> Client:
    return verified_client(make_member(event, Role.FIELD_OFFICER))


def tile_url(event: Event, z: int, x: int, y: int) -> str:
    return reverse("events:tile", kwargs={"event": event.slug, "z": z, "x": x, "y": y})


def decode(data: bytes) -> dict[str, Any]:
    decoded: dict[str, Any] = mapbox_vector_tile.decode(gzip.decompress(data))
    return decoded


def test_a_tile_of_hanoi_carries_trang_tien_with_its_vietnamese_name(
    hanoi_tiles: basemap.BuildReport, event: Event, member: Client
) -> None:
    response = member.get(
        tile_url(event, *tile_of(*TRANG_TIEN, 17)), headers={"accept-encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/vnd.mapbox-vector-tile"
    layers = decode(response.content)
    names = {f["properties"]["name"] for f in layers["road"]["features"]}
    assert "Phố Tràng Tiền" in names
    # And the name is written on the map, not only carried in the data.
    assert "Phố Tràng Tiền" in {f["properties"]["name"] for f in layers["label"]["features"]}
    assert hanoi_tiles.features["road"] > 10_000


def test_a_tile_comes_again_from_the_browser_cache(
    hanoi_tiles: basemap.BuildReport, event: Event, member: Client
) -> None:
    config = basemap.tile_config(event)
    version = config["vector"].rsplit("?v=", 1)[1]
    url = tile_url(event, *tile_of(*TRANG_TIEN, 16))
    first = member.get(url, {"v": version})
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, max-age=31536000, immutable"
    again = member.get(url, {"v": version}, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    # An old page's URL (no current v) is cached briefly: a rebuild shows within minutes.
    assert member.get(url)["Cache-Control"] == "private, max-age=300"


def test_a_browser_without_gzip_gets_the_plain_tile(
    hanoi_tiles: basemap.BuildReport, event: Event, member: Client
) -> None:
    response = member.get(
        tile_url(event, *tile_of(*TRANG_TIEN, 17)), headers={"accept-encoding": ""}
    )
    assert "Content-Encoding" not in response
    assert "road" in mapbox_vector_tile.decode(response.content)


@pytest.mark.parametrize(
    ("z", "x", "y"),
    [
        (23, 0, 0),  # deeper than any map
        (3, 8, 0),  # x off the world
        (3, 0, 8),
        (17, 10**30, 5),  # a number no integer column could hold
    ],
)
def test_bad_tile_coordinates_answer_404(
    hanoi_tiles: basemap.BuildReport, event: Event, member: Client, z: int, x: int, y: int
) -> None:
    assert member.get(tile_url(event, z, x, y)).status_code == 404


def test_malformed_tile_addresses_answer_404(event: Event, member: Client) -> None:
    base = f"/e/{event.slug}/tiles/"
    for path in ("17/-1/5.pbf", "17/a/5.pbf", "17/1/5.png", "17/1.pbf", "17/1/5.pbf/x"):
        assert member.get(base + path).status_code == 404, path


def test_a_tile_of_open_country_is_empty(
    hanoi_tiles: basemap.BuildReport, event: Event, member: Client
) -> None:
    response = member.get(tile_url(event, *tile_of(0.0, 0.0, 16)))
    assert response.status_code == 200 and response.content == b""


def test_the_map_page_names_the_tiles_and_credits_openstreetmap(
    hanoi_tiles: basemap.BuildReport, event: Event, member: Client
) -> None:
    page = member.get(reverse("events:map", kwargs={"event": event.slug})).content.decode()
    assert f'data-basemap-url="/e/{event.slug}/tiles/{{z}}/{{x}}/{{y}}.pbf?v=' in page
    assert 'data-tile-attribution="© OpenStreetMap contributors"' in page
    assert "events/basemap.js" in page and "Leaflet.VectorGrid.bundled.min.js" in page


def test_a_tile_server_setting_still_wins_and_keeps_the_credit(
    hanoi_tiles: basemap.BuildReport, event: Event, settings: Any
) -> None:
    settings.GARRISON_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    settings.GARRISON_TILE_ATTRIBUTION = "Example maps"
    config = basemap.tile_config(event)
    assert config["url"] == settings.GARRISON_TILE_URL and config["vector"] == ""
    assert config["attribution"] == "© OpenStreetMap contributors Example maps"


def test_an_event_without_a_base_map_draws_a_plain_background(other_event: Event) -> None:
    assert basemap.tile_config(other_event) == {"url": "", "attribution": "", "vector": ""}


# A district in miniature, written for the test: the Hanoi extract has roads only.
SMALL_OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="21.0200" lon="105.8500"/>
  <node id="2" lat="21.0200" lon="105.8510"/>
  <node id="3" lat="21.0210" lon="105.8510"/>
  <node id="4" lat="21.0210" lon="105.8500"/>
  <node id="5" lat="21.0220" lon="105.8500"/>
  <node id="6" lat="21.0220" lon="105.8510"/>
  <node id="7" lat="21.0230" lon="105.8510"/>
  <node id="8" lat="21.0230" lon="105.8500"/>
  <node id="9" lat="21.0190" lon="105.8490"/>
  <node id="10" lat="21.0240" lon="105.8520"/>
  <node id="11" lat="21.0205" lon="105.8505">
    <tag k="amenity" v="hospital"/><tag k="name" v="Bệnh viện Việt Đức"/>
  </node>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="building" v="yes"/></way>
  <way id="101"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="8"/><nd ref="5"/>
    <tag k="natural" v="water"/><tag k="name" v="Hồ Gươm"/></way>
  <way id="102"><nd ref="9"/><nd ref="10"/>
    <tag k="highway" v="primary"/><tag k="name" v="Phố Tràng Thi"/></way>
  <way id="103"><nd ref="4"/><nd ref="3"/><nd ref="6"/><nd ref="5"/><nd ref="4"/>
    <tag k="leisure" v="park"/></way>
</osm>
"""


def test_buildings_water_parks_and_landmarks_reach_their_layers(tmp_path: Path) -> None:
    source = tmp_path / "small.osm"
    source.write_text(SMALL_OSM, encoding="utf-8")
    layers = read_features(source)
    assert {name: len(layer.wkb) for name, layer in layers.items()} == {
        "water": 1,
        "park": 1,
        "building": 1,
        "road": 1,
        "poi": 1,
    }
    names: dict[int, dict[str, set[str]]] = {}  # zoom → layer → names (or kinds) found
    for tile in generate(layers, zooms=range(14, 18)):
        for layer, content in mapbox_vector_tile.decode(tile.data).items():
            found = names.setdefault(tile.z, {}).setdefault(layer, set())
            found |= {f["properties"].get("name", "") for f in content["features"]}
    assert set(names[17]) == {"water", "park", "building", "road", "poi", "label"}
    assert names[17]["poi"] == {"Bệnh viện Việt Đức"}
    assert names[17]["label"] == {"Phố Tràng Thi"}
    # Far out, buildings and landmarks would be noise: left out.
    assert set(names[14]) == {"water", "park", "road"}


def test_the_command_builds_and_explains_bad_input(
    event: Event, other_event: Event, tmp_path: Path
) -> None:
    source = tmp_path / "small.osm"
    source.write_text(SMALL_OSM, encoding="utf-8")
    out = StringIO()
    call_command(
        "build_basemap", other_event.slug, "--file", str(source), "--zooms", "15-16", stdout=out
    )
    assert "© OpenStreetMap contributors" in out.getvalue()
    with pytest.raises(CommandError, match="No event"):
        call_command("build_basemap", "nope")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("build_basemap", event.slug, "--file", str(tmp_path / "missing.osm.pbf"))
    with pytest.raises(CommandError, match="--zooms"):
        call_command("build_basemap", event.slug, "--file", str(source), "--zooms", "17-12")
    (tmp_path / "bad.osm").write_text("not osm", encoding="utf-8")
    with pytest.raises(CommandError, match="not readable"):
        call_command("build_basemap", event.slug, "--file", str(tmp_path / "bad.osm"))


def test_the_tip_page_serves_its_tiles_to_anyone_only_while_the_event_takes_tips(
    hanoi_tiles: basemap.BuildReport, event: Event
) -> None:
    z, x, y = tile_of(*TRANG_TIEN, 17)
    url = reverse("tip:tiles", kwargs={"event": event.slug, "z": z, "x": x, "y": y})
    assert Client().get(url).status_code == 404
    OpsSettings.objects.create(event=event, tips_open=True)
    response = Client().get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    assert basemap.tile_config(event, url_name="tip:tiles")["vector"].startswith(
        f"/tip/tiles/{event.slug}/{{z}}/{{x}}/{{y}}.pbf?v="
    )


def test_a_rebuild_needs_no_file_once_one_was_built(other_event: Event, tmp_path: Path) -> None:
    source = tmp_path / "small.osm"
    source.write_text(SMALL_OSM, encoding="utf-8")
    call_command("build_basemap", other_event.slug, "--file", str(source), "--zooms", "16")
    out = StringIO()
    call_command("build_basemap", other_event.slug, "--zooms", "16", stdout=out)
    assert f"{other_event.slug}.osm" in out.getvalue()
    assert "1 road" in out.getvalue()
