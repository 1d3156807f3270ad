"""The demo's traffic plan loads on the Hanoi network and a second load creates nothing."""

from __future__ import annotations

from typing import Any

from garrison.events import demo_data
from garrison.traffic import demo
from garrison.traffic.models import Movement


def test_demo_imports_hanoi_and_plans_movements_once(db: Any) -> None:
    report = demo_data.load()
    first = demo.load(report.event)
    assert first == {"road networks": 1, "movements": 4}
    morning = Movement.objects.get(name__startswith="Đoàn 1 sáng")
    assert morning.departs_at.astimezone(report.event.tzinfo).strftime("%H:%M") == "07:15"
    # The README: Hilton Hanoi Opera ↔ the Friendship Cultural Palace is about 2 km by road.
    assert 1500 < morning.route["routes"][0]["metres"] < 2800
    assert demo.load(report.event) == {"road networks": 0, "movements": 0}
