"""Group commit: scans that wait together are decided in order and committed as one batch.

Transactional tests with the real writer thread and its own database connection.
"""

from __future__ import annotations

import queue
import uuid
from collections.abc import Sequence
from typing import Any

import pytest

from garrison.accounts.models import Membership
from garrison.accreditation.models import Category, Credential
from garrison.checkin.models import Presence, Scan
from garrison.checkin.scans.services import batch as scans
from garrison.checkin.scans.services import committer
from garrison.checkin.tests.conftest import Gate, make_gate, make_holder
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_writer(fresh_lanes: committer._Lanes) -> queue.SimpleQueue[committer._Job | None]:
    """A queue no writer reads yet, so a test can fill it before the writer starts."""
    return fresh_lanes.online


def _queued(
    jobs: queue.SimpleQueue[committer._Job | None], gate: Gate, code: str
) -> committer.Reply:
    reply = committer.Reply()
    jobs.put((gate.token, scans.ScanData(uuid.uuid4(), code, "entry"), reply))
    return reply


def test_scans_waiting_together_commit_as_one_batch_in_order(
    fresh_writer: queue.SimpleQueue[committer._Job | None],
    officer_m: Membership,
    hall: Zone,
    event: Event,
    delegates: Category,
) -> None:
    gate = make_gate(officer_m, hall)
    badges = [make_holder(event, delegates, f"Delegate {n}") for n in range(5)]
    codes = [badge.code for badge in badges] + [badges[0].code]  # the first twice: passback
    replies = [_queued(fresh_writer, gate, code) for code in codes]
    committer._ensure_writer()
    results = [reply.result(timeout=30) for reply in replies]
    verdicts = [r.scan.result if isinstance(r, scans.Outcome) else r for r in results]
    assert verdicts == ["ok"] * 5 + ["already_inside"]
    assert Scan.objects.count() == 6
    assert Presence.objects.filter(inside=True).count() == 5
    [batch] = LiveEvent.objects.filter(kind="checkin.scans.recorded")
    assert batch.payload == {"count": 6, "checkpoints": [gate.checkpoint.pk]}


def test_a_scan_sent_online_is_answered_after_its_commit(
    officer_m: Membership, hall: Zone, event: Event, delegates: Category
) -> None:
    gate = make_gate(officer_m, hall)
    badge = make_holder(event, delegates)
    body = {"id": str(uuid.uuid4()), "code": badge.code, "direction": "entry"}
    response = gate.client().post("/api/v1/checkin/scans", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["result"] == "ok"
    # Answered, so committed: another connection (this test's) sees it.
    assert Scan.objects.get(client_id=body["id"]).result == "ok"
    again = gate.client().post("/api/v1/checkin/scans", body, content_type="application/json")
    assert (again.status_code, again.json()["repeated"]) == (200, True)


def test_a_failed_batch_fails_its_requests_and_the_writer_lives_on(
    fresh_writer: queue.SimpleQueue[committer._Job | None],
    monkeypatch: pytest.MonkeyPatch,
    hall_gate: Gate,
    badge: Credential,
) -> None:
    real_decide = committer.decide
    calls: list[int] = []

    def broken_once(
        requests: list[tuple[str, scans.ScanData]],
        gates: dict[str, Any],
        uploaded: Sequence[scans.Pending] = (),
    ) -> list[scans.Result]:
        calls.append(len(requests))
        if len(calls) == 1:
            raise RuntimeError("disk gone")
        return real_decide(requests, gates, uploaded)

    monkeypatch.setattr(committer, "decide", broken_once)
    first = _queued(fresh_writer, hall_gate, badge.code)
    committer._ensure_writer()
    with pytest.raises(RuntimeError, match="disk gone"):
        first.result(timeout=30)
    outcome = _queued(fresh_writer, hall_gate, badge.code).result(timeout=30)
    assert isinstance(outcome, scans.Outcome) and outcome.scan.result == "ok"
    assert Scan.objects.count() == 1
