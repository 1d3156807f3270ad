"""Group commit: scans that wait together are decided in order and committed as one batch.

Transactional tests with the real writer thread and its own database connection.
"""

from __future__ import annotations

import queue
import uuid
from concurrent.futures import Future

import pytest

from garrison.accounts.models import Membership
from garrison.accreditation.models import Category
from garrison.checkin import committer, scans
from garrison.checkin.models import Presence, Scan
from garrison.checkin.tests.conftest import make_gate, make_holder
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fresh_writer(monkeypatch: pytest.MonkeyPatch) -> queue.SimpleQueue[committer._Job]:
    """A queue no writer reads yet, so a test can fill it before the writer starts."""
    jobs: queue.SimpleQueue[committer._Job] = queue.SimpleQueue()
    monkeypatch.setattr(committer, "_queue", jobs)
    monkeypatch.setattr(committer, "_started_in", None)
    return jobs


def test_scans_waiting_together_commit_as_one_batch_in_order(
    fresh_writer: queue.SimpleQueue[committer._Job],
    officer_m: Membership,
    hall: Zone,
    event: Event,
    delegates: Category,
) -> None:
    gate = make_gate(officer_m, hall)
    badges = [make_holder(event, delegates, f"Delegate {n}") for n in range(5)]
    codes = [badge.code for badge in badges] + [badges[0].code]  # the first twice: passback
    futures: list[Future[scans.Result]] = []
    for code in codes:
        future: Future[scans.Result] = Future()
        fresh_writer.put((gate.token, scans.ScanData(uuid.uuid4(), code, "entry"), future))
        futures.append(future)
    committer._ensure_writer()
    results = [future.result(timeout=30) for future in futures]
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
