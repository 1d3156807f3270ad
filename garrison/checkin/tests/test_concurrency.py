"""Two gates, one badge, the same instant: one entry and one already_inside (docs/security.md #9, #11).

Real threads with their own database connections and committed data (transactional test), so
the lock is exercised for real: the presence row's SELECT … FOR UPDATE on PostgreSQL, the
IMMEDIATE write transaction on SQLite. Nothing here is specific to either database.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from garrison.accounts.models import Device, Membership, Role, User
from garrison.accreditation.models import Category, Credential
from garrison.checkin.access import checkpoint_of
from garrison.checkin.models import Presence, Scan
from garrison.checkin.scans.services import batch as scans
from garrison.checkin.tests.conftest import make_gate, make_holder
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Start every call at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # reported to the test, not lost in the thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def two_gates(
    members: dict[str, User],
    event: Event,
    hall: Zone,
    membership_of: Callable[[User, Event], Membership],
) -> tuple[Device, Device]:
    officer_m = membership_of(members[Role.ACCREDITATION_OFFICER], event)
    first = make_gate(officer_m, hall, name="North door")
    second = make_gate(officer_m, hall, name="South door")
    devices = Device.objects.select_related("event").order_by("pk")
    assert first.checkpoint != second.checkpoint
    return devices[0], devices[1]


def _scan(device: Device, code: str, scan_id: uuid.UUID | None = None) -> str:
    # record_batch itself, not the group committer: each thread is its own transaction here,
    # as two server processes would be, so the presence lock decides.
    data = scans.ScanData(scan_id or uuid.uuid4(), code, "entry")
    [outcome] = scans.record_batch([scans.Pending(device, checkpoint_of(device), data)])
    assert isinstance(outcome, scans.Outcome), outcome
    return outcome.scan.result


def test_one_badge_at_two_gates_at_once_enters_once(
    two_gates: tuple[Device, Device], event: Event, delegates: Category
) -> None:
    north, south = two_gates
    for round_ in range(4):
        badge: Credential = make_holder(event, delegates, f"Delegate {round_}")
        code = badge.code
        results = run_together(lambda: _scan(north, code), lambda: _scan(south, code))  # noqa: B023
        assert sorted(map(str, results)) == ["already_inside", "ok"], results
        assert Presence.objects.get(serial=badge.serial).inside is True
    assert Scan.objects.count() == 8


def test_one_scan_uploaded_twice_at_once_is_stored_once(
    two_gates: tuple[Device, Device], event: Event, delegates: Category
) -> None:
    north, _south = two_gates
    badge = make_holder(event, delegates)
    scan_id = uuid.uuid4()
    results = run_together(
        lambda: _scan(north, badge.code, scan_id), lambda: _scan(north, badge.code, scan_id)
    )
    assert results == ["ok", "ok"], results
    assert Scan.objects.filter(client_id=scan_id).count() == 1
