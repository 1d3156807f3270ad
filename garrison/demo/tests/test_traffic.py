"""The demo's traffic plan loads on the Hanoi network and a second load creates nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from garrison.conftest import made_as_the_suite, rows_for_the_module
from garrison.demo import events as demo_events
from garrison.demo import traffic as demo
from garrison.events.models import Event
from garrison.traffic.models import Closure, Movement, Notice, NoticeStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def hanoi(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[int, dict[str, int]]]:
    """The congress with its traffic plan on the Hanoi network, loaded once for the module (the
    import of the road file is the long part): the event's id and what the first load made."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            event = demo_events.load().event
            first = dict(demo.load(event))
        yield event.pk, first


def test_demo_imports_hanoi_and_plans_movements_once(hanoi: tuple[int, dict[str, int]]) -> None:
    event = Event.objects.get(pk=hanoi[0])
    first = hanoi[1]
    assert first["road networks"] == 1 and first["movements"] == 4
    assert first["closures"] > 8 and first["notices"] == 2
    morning = Closure.objects.filter(movement__name__contains="sáng")
    evening = Closure.objects.filter(movement__name__contains="chiều")
    assert morning.exists() and evening.exists()
    assert morning.count() + evening.count() == first["closures"]
    tz = event.tzinfo
    # Closed from a few minutes before each convoy until it has passed.
    assert {c.starts_at.astimezone(tz).hour for c in evening} == {17}
    notices = list(Notice.objects.order_by("title"))
    assert len(notices) == 2
    assert all(n.status == NoticeStatus.PUBLISHED and n.content["closures"] for n in notices)
    evening_notice = next(n for n in notices if "chiều" in n.title)
    assert len(evening_notice.content["closures"]) == evening.count()
    first_out = Movement.objects.get(name__startswith="Đoàn 1 sáng")
    assert first_out.departs_at.astimezone(event.tzinfo).strftime("%H:%M") == "07:15"
    # The README: Hilton Hanoi Opera ↔ the Friendship Cultural Palace is about 2 km by road.
    assert 1500 < first_out.route["routes"][0]["metres"] < 2800
    assert set(demo.load(event).values()) == {0}


def test_the_demo_notices_print_and_the_road_layer_stays_light(
    hanoi: tuple[int, dict[str, int]],
) -> None:
    slug = Event.objects.get(pk=hanoi[0]).slug
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
