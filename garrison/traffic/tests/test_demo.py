"""The demo's traffic plan loads on the Hanoi network and a second load creates nothing."""

from __future__ import annotations

from typing import Any

from garrison.events import demo_data
from garrison.traffic import demo
from garrison.traffic.models import Closure, Movement, Notice, NoticeStatus


def test_demo_imports_hanoi_and_plans_movements_once(db: Any) -> None:
    report = demo_data.load()
    first = demo.load(report.event)
    assert first["road networks"] == 1 and first["movements"] == 4
    assert first["closures"] > 4 and first["notices"] == 1
    morning_closures = Closure.objects.filter(movement__name__contains="sáng")
    assert morning_closures.count() == first["closures"]
    assert not Closure.objects.filter(movement__name__contains="chiều").exists()
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.PUBLISHED and notice.content["closures"]
    morning = Movement.objects.get(name__startswith="Đoàn 1 sáng")
    assert morning.departs_at.astimezone(report.event.tzinfo).strftime("%H:%M") == "07:15"
    # The README: Hilton Hanoi Opera ↔ the Friendship Cultural Palace is about 2 km by road.
    assert 1500 < morning.route["routes"][0]["metres"] < 2800
    assert set(demo.load(report.event).values()) == {0}
