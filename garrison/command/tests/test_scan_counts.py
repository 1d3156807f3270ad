"""The roll-up's scans since midnight: counted once a day, then only what came after."""

from __future__ import annotations

import datetime as dt
import uuid

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from garrison.checkin.models import Checkpoint, Scan
from garrison.command.scan_counts import SETTLED, scans_today
from garrison.command.tests.conftest import Tree
from garrison.events.models import Event, Site, Zone


def _gate(event: Event) -> Checkpoint:
    site = Site.objects.create(event=event, name="Hall", kind="venue", lat=21.0, lon=105.8)
    zone = Zone.objects.create(
        event=event, site=site, code="A", name="A", polygon={}, access_level="open"
    )
    return Checkpoint.objects.create(event=event, zone=zone, name="Gate")


def _scan(gate: Checkpoint, at: dt.datetime) -> Scan:
    return Scan.objects.create(
        event_id=gate.event_id,
        checkpoint=gate,
        zone_id=gate.zone_id,
        client_id=uuid.uuid4(),
        direction="in",
        result="ok",
        scanned_at=at,
    )


def test_the_day_is_counted_once_then_only_the_scans_after_the_watermark(
    tree: Tree, clock: time_machine.Traveller
) -> None:
    north, south = _gate(tree.north), _gate(tree.south)
    ids = [tree.north.pk, tree.south.pk]
    now = timezone.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    _scan(north, now - dt.timedelta(days=1))  # yesterday: never counted
    for _ in range(3):
        _scan(north, now)
    _scan(south, now)
    assert scans_today(tree.national.pk, ids, midnight) == {tree.north.pk: 3, tree.south.pk: 1}
    clock.shift(SETTLED + dt.timedelta(seconds=1))
    # Settled now: this call moves the watermark past them; later calls count only newer scans.
    assert scans_today(tree.national.pk, ids, midnight) == {tree.north.pk: 3, tree.south.pk: 1}
    late = _scan(south, now)  # dated earlier, arriving now (a phone that was offline)
    with CaptureQueriesContext(connection) as queries:
        counts = scans_today(tree.national.pk, ids, midnight)
    assert counts == {tree.north.pk: 3, tree.south.pk: 2}
    assert len(queries) == 3
    assert "checkin_scan" in queries[2]["sql"] and f'"id" > {late.pk - 1}' in queries[2]["sql"]
    clock.shift(SETTLED + dt.timedelta(seconds=1))
    _scan(north, now)
    assert scans_today(tree.national.pk, ids, midnight) == {tree.north.pk: 4, tree.south.pk: 2}
    assert scans_today(tree.national.pk, ids, midnight) == {tree.north.pk: 4, tree.south.pk: 2}


def test_a_state_that_no_longer_matches_the_table_is_counted_again(
    tree: Tree, clock: time_machine.Traveller
) -> None:
    gate = _gate(tree.north)
    now = timezone.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    first = _scan(gate, now)
    clock.shift(SETTLED + dt.timedelta(seconds=1))
    assert scans_today(tree.national.pk, [tree.north.pk], midnight) == {tree.north.pk: 1}
    first.client_id = uuid.uuid4()  # as if the table were restored from another copy
    Scan.objects.filter(pk=first.pk).update(client_id=first.client_id)
    Scan.objects.exclude(pk=first.pk).delete()
    _scan(gate, now)
    assert scans_today(tree.national.pk, [tree.north.pk], midnight) == {tree.north.pk: 2}
