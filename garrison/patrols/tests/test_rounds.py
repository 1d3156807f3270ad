"""Rounds are judged by the time the plaques were scanned, and an incomplete one is an alert."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine

from garrison.core.models import LiveEvent
from garrison.ops.models import Incident, Source
from garrison.patrols import schedule
from garrison.patrols.apps import CHECK_EVERY
from garrison.patrols.models import Round
from garrison.patrols.plaques import plaque_text
from garrison.patrols.services.rounds import check_rounds, plan_of
from garrison.patrols.services.visits import VisitData, record_visits
from garrison.patrols.tests.conftest import World

pytestmark = pytest.mark.django_db


def _scan(world: World, index: int, at: dt.datetime) -> None:
    point = world.points[index]
    code = plaque_text(world.event, point.serial)
    data = VisitData(uuid.uuid4(), code, at, point.lat, point.lon, 8.0)
    [result] = record_visits(world.walker, [data])
    assert not isinstance(result, Exception), result


def _first_round(world: World) -> Round:
    check_rounds(world.morning)
    return Round.objects.get(tour=world.tour, starts_at=world.morning)


def test_the_schedule_plans_hourly_rounds_inside_the_tours_hours(world: World) -> None:
    check_rounds(world.morning)
    starts = list(Round.objects.filter(tour=world.tour).values_list("starts_at", flat=True))
    # Planned from the tour's making (07:30) to three hours ahead, only from 08:00.
    assert starts == [world.morning + dt.timedelta(hours=h) for h in range(3)]
    first = Round.objects.get(starts_at=world.morning)
    assert first.order == [p.pk for p in world.points]
    assert first.ends_at == world.morning + dt.timedelta(minutes=40)


def test_a_round_walked_in_time_is_done(world: World, clock: time_machine.Traveller) -> None:
    round_ = _first_round(world)
    for i in range(3):
        _scan(world, i, world.morning + dt.timedelta(minutes=5 + 8 * i))
    check_rounds(round_.ends_at + dt.timedelta(seconds=1))
    round_.refresh_from_db()
    assert round_.state == Round.State.DONE
    assert not Incident.objects.exists()


def test_an_incomplete_round_raises_one_alert_within_a_minute_of_the_grace(
    world: World, clock: time_machine.Traveller
) -> None:
    round_ = _first_round(world)
    _scan(world, 0, world.morning + dt.timedelta(minutes=5))
    # The check runs every CHECK_EVERY seconds: the alert comes at most that long after the end.
    assert CHECK_EVERY <= 60
    check_rounds(round_.ends_at + dt.timedelta(seconds=CHECK_EVERY))
    check_rounds(round_.ends_at + dt.timedelta(seconds=2 * CHECK_EVERY))  # once, not twice
    round_.refresh_from_db()
    assert round_.state == Round.State.MISSED
    assert round_.missing == [world.points[1].pk, world.points[2].pk]
    incident = Incident.objects.get()
    assert incident.source == Source.PATROL
    assert "Gate 2, Gate 3" in incident.description
    kinds = list(LiveEvent.objects.values_list("kind", flat=True))
    assert "ops.incident.created" in kinds and "patrols.round.changed" in kinds


def test_a_point_past_its_own_time_is_announced_before_the_round_ends(world: World) -> None:
    round_ = _first_round(world)
    # Ordered, 30 minutes for three points: the first is due by 10 + 10 minutes' grace.
    check_rounds(world.morning + dt.timedelta(minutes=21))
    round_.refresh_from_db()
    assert round_.state == Round.State.PLANNED and round_.missing == [world.points[0].pk]
    late = LiveEvent.objects.filter(kind="patrols.round.changed").get()
    assert late.payload["state"] == "point_late" and late.payload["missing"] == ["Gate 1"]


def test_a_scan_made_in_time_but_synced_late_clears_the_round(
    world: World, clock: time_machine.Traveller
) -> None:
    round_ = _first_round(world)
    check_rounds(round_.ends_at + dt.timedelta(seconds=5))
    round_.refresh_from_db()
    assert round_.state == Round.State.MISSED
    # The phone was offline; its outbox arrives an hour later with the times it scanned.
    clock.move_to(round_.ends_at + dt.timedelta(hours=1))
    for i in range(3):
        _scan(world, i, world.morning + dt.timedelta(minutes=4 + 9 * i))
    round_.refresh_from_db()
    assert round_.state == Round.State.DONE and round_.missing == []
    cleared = LiveEvent.objects.filter(kind="patrols.round.changed").order_by("-id").first()
    assert cleared is not None and cleared.payload["state"] == "cleared"


def test_random_rounds_are_the_same_for_every_worker_and_favour_risky_points(
    world: World,
) -> None:
    world.tour.schedule = "random"
    plan = plan_of(world.tour)
    day = (world.morning, world.morning + dt.timedelta(hours=12))
    tz = world.event.tzinfo
    first = schedule.starts(plan, *day, tz, "secret")
    assert first == schedule.starts(plan, *day, tz, "secret")
    assert first != schedule.starts(plan, *day, tz, "another secret")
    # One round in each hour from 08:00 to 20:00, somewhere in its first half (30 minutes to walk).
    assert [start.astimezone(tz).hour for start in first] == list(range(8, 20))
    assert all(start.astimezone(tz).minute <= 30 for start in first)
    leaders = [
        schedule.order(plan, world.morning + dt.timedelta(hours=h), "secret")[0] for h in range(600)
    ]
    # Risk 3 leads more often than risk 1 (weights 3:2:1 → about 1/2 against 1/6 of rounds).
    assert leaders.count(world.points[2].pk) > 2 * leaders.count(world.points[0].pk)
