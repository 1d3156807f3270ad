"""The offline base map on the Hanoi extract: building it, and serving its tiles.

1. Build: ``basemap.build`` of the whole file at z12–17 (as ``garrison import_roads`` and
   ``make demo`` do). Prints wall time, tiles, archive size and the process's peak memory
   (target: ≤ 60 s on the 2-core machine).
2. Serving: a pan-and-zoom session of TILES tile requests by a logged-in member, through the
   whole Django stack in-process (middleware, login, event lookup, archive read): the tiles of a
   1280×800 window as a user zooms in from z13 to z17 over the centre and pans about at each
   zoom, a hundred new tiles per zoom (tiles already seen come from the browser's cache). Prints p50/p95/max server time per tile (target: p95 ≤ 20 ms).
"""

from __future__ import annotations

import math
import os
import resource
import time

from _django import ROOT, percentile, setup

TILES = int(os.environ.get("BENCH_TILES", "500"))

setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from garrison.accounts.models import Membership, Role, User  # noqa: E402
from garrison.events import basemap  # noqa: E402
from garrison.events.models import Event  # noqa: E402

HANOI = ROOT / "garrison" / "traffic" / "data" / "hanoi-central.osm.pbf"
CENTRE = (21.0320, 105.8400)  # Ba Đình, west of Hoàn Kiếm lake


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def window(lat: float, lon: float, z: int) -> list[tuple[int, int, int]]:
    """The tiles a 1280×800 map centred on (lat, lon) at zoom z shows (5×4 tiles, rounded up)."""
    n = 1 << z
    fx = (lon + 180) / 360 * n
    fy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    xs = range(int(fx - 2.5), int(fx + 2.5) + 1)
    ys = range(int(fy - 1.6), int(fy + 1.6) + 1)
    return [(z, x, y) for x in xs for y in ys]


def session() -> list[tuple[int, int, int]]:
    """Zoom in from z13 to z17, panning half a screen at a time around the centre at each zoom;
    a tile already seen comes from the browser's cache, so only new tiles are asked for."""
    wanted: list[tuple[int, int, int]] = []
    seen: set[tuple[int, int, int]] = set()
    zooms = range(13, 18)
    for z in zooms:
        quota = TILES * (z - zooms[0] + 1) // len(zooms)
        span = 0.03 / (1 << (z - 13))  # half a screen's width in degrees at this zoom
        turn = 0
        while len(wanted) < quota and turn < 400:
            # An outward spiral: east, north, west, south, each leg a little longer.
            leg, side = divmod(turn, 4)
            dx, dy = ((1, 0), (0, 1), (-1, 0), (0, -1))[side]
            lat = CENTRE[0] + dy * span * (leg + 1) * 0.5
            lon = CENTRE[1] + dx * span * (leg + 1)
            for tile in window(lat, lon, z):
                if tile not in seen and len(wanted) < quota:
                    seen.add(tile)
                    wanted.append(tile)
            turn += 1
    return wanted


event = Event.objects.create(
    slug="bench-basemap",
    name="Bench",
    starts_on="2026-12-01",
    ends_on="2026-12-03",
    time_zone="Asia/Ho_Chi_Minh",
)
before = peak_mb()
started = time.perf_counter()
report = basemap.build(event, HANOI)
took = time.perf_counter() - started
print(
    f"build: {took:.1f} s (target ≤ 60 s) for {report.tiles:,} tiles at z12–17, "
    f"{report.bytes / 1e6:.1f} MB gzip, largest {report.largest / 1e3:.0f} KB; "
    f"peak memory {peak_mb():.0f} MB (process before the build: {before:.0f} MB); "
    f"features: {report.features}"
)

user = User.objects.create_user(username="bench-member", password="x" * 20)
Membership.objects.create(user=user, event=event, role=Role.VIEWER)
client = Client()
client.force_login(user)  # a viewer: no second factor to pass
version = basemap.tile_config(event)["vector"].rsplit("?v=", 1)[1]
times: list[float] = []
statuses: dict[int | str, int] = {}
for z, x, y in session():
    url = reverse("events:tile", kwargs={"event": event.slug, "z": z, "x": x, "y": y})
    t0 = time.perf_counter()
    response = client.get(
        url, {"v": version}, headers={"accept-encoding": "gzip", "host": "127.0.0.1"}
    )
    times.append(time.perf_counter() - t0)
    kind = "empty" if response.status_code == 200 and not response.content else response.status_code
    statuses[kind] = statuses.get(kind, 0) + 1
times_ms = sorted(t * 1000 for t in times)
print(
    f"serve: {len(times)} tiles, p50 {percentile(times_ms, 50):.2f} ms, "
    f"p95 {percentile(times_ms, 95):.2f} ms (target ≤ 20 ms), max {times_ms[-1]:.2f} ms; "
    f"answers {statuses} (empty: no map data there, outside the extract); "
    f"archive {settings.GARRISON_BASEMAP_DIR}"
)
