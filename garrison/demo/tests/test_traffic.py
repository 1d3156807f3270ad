"""The demo's traffic plan loads on the Hanoi network and a second load creates nothing."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from garrison.demo import events as demo_events
from garrison.demo import traffic as demo
from garrison.traffic.models import Closure, Movement, Notice, NoticeStatus


def test_demo_imports_hanoi_and_plans_movements_once(db: Any) -> None:
    report = demo_events.load()
    first = demo.load(report.event)
    assert first["road networks"] == 1 and first["movements"] == 4
    assert first["closures"] > 8 and first["notices"] == 2
    morning = Closure.objects.filter(movement__name__contains="sáng")
    evening = Closure.objects.filter(movement__name__contains="chiều")
    assert morning.exists() and evening.exists()
    assert morning.count() + evening.count() == first["closures"]
    tz = report.event.tzinfo
    # Closed from a few minutes before each convoy until it has passed.
    assert {c.starts_at.astimezone(tz).hour for c in evening} == {17}
    notices = list(Notice.objects.order_by("title"))
    assert len(notices) == 2
    assert all(n.status == NoticeStatus.PUBLISHED and n.content["closures"] for n in notices)
    evening_notice = next(n for n in notices if "chiều" in n.title)
    assert len(evening_notice.content["closures"]) == evening.count()
    first_out = Movement.objects.get(name__startswith="Đoàn 1 sáng")
    assert first_out.departs_at.astimezone(report.event.tzinfo).strftime("%H:%M") == "07:15"
    # The README: Hilton Hanoi Opera ↔ the Friendship Cultural Palace is about 2 km by road.
    assert 1500 < first_out.route["routes"][0]["metres"] < 2800
    assert set(demo.load(report.event).values()) == {0}


def test_the_demo_notices_print_and_the_road_layer_stays_light(db: Any) -> None:
    report = demo_events.load()
    demo.load(report.event)
    slug = report.event.slug
    notice = Notice.objects.get(title__contains="chiều")
    pdf = Client().get(
        reverse("notices:pdf", kwargs={"event": slug, "pk": notice.pk}), HTTP_ACCEPT_LANGUAGE="vi"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    named = [c["street"] for c in notice.content["closures"] if c["street"]]
    assert named and all(street.split(",")[0] in text for street in named)
    roads = Client().get(reverse("notices:roads", kwargs={"event": slug}))
    # The whole central Hanoi layer: ~160 KB of GeoJSON, well under a quarter megabyte.
    assert len(roads.content) < 250_000
    assert sum(len(f["geometry"]["coordinates"]) for f in roads.json()["features"]) > 2000
