"""Uploads of offline scans go behind the online scans: in pieces, between and with online batches.

Transactional tests with the real writer thread, its own database connection and real commits.
The order is made certain with events, never with sleeps: a hook inside the transaction (after
the scans are written, before the commit) reports each transaction the writer runs and can hold
it there until the test lets it go. Uploads go in pieces of two scans, so an upload of six is
three pieces.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from garrison.accounts.models import Device
from garrison.accreditation.models import Category, Credential
from garrison.checkin.access import checkpoint_of
from garrison.checkin.models import Scan
from garrison.checkin.scans.services import batch as scans
from garrison.checkin.scans.services import committer
from garrison.checkin.tests.conftest import Gate, make_holder
from garrison.core.db import bulk_turn, interactive_within, write_turn
from garrison.events.models import Event

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 30  # seconds: only ever reached when the code under test is broken


class Transactions:
    """Every transaction the writer runs, as the offline flag and id of each scan in it; those
    whose number is in ``hold`` wait, written but not committed, until ``let_go``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, hold: Sequence[int] = ()) -> None:
        self.runs: list[list[tuple[bool, uuid.UUID]]] = []
        self._inside = {n: threading.Event() for n in hold}
        self._go = {n: threading.Event() for n in hold}
        real = scans._notify

        def notify(items: Sequence[scans.Pending], fresh: list[int]) -> None:
            n = len(self.runs)
            self.runs.append([(item.offline, item.data.client_id) for item in items])
            real(items, fresh)
            if n in self._inside:
                self._inside[n].set()
                if not self._go[n].wait(WAIT):
                    raise RuntimeError(f"transaction {n} was never let go")

        monkeypatch.setattr(scans, "_notify", notify)

    def reached(self, n: int) -> None:
        assert self._inside[n].wait(WAIT), f"the writer never reached transaction {n}"

    def let_go(self, n: int) -> None:
        self._go[n].set()

    def kinds(self) -> list[str]:
        return ["".join("u" if offline else "o" for offline, _id in run) for run in self.runs]


@pytest.fixture
def pieces_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SYNC_CHUNK", "BUSY_CHUNK"):
        monkeypatch.setattr(committer, name, 2)


def _device(gate: Gate) -> Device:
    return Device.objects.select_related("event").get(scanner__checkpoint=gate.checkpoint)


def _offline(device: Device, code: str, scan_id: uuid.UUID | None = None) -> scans.Pending:
    data = scans.ScanData(scan_id or uuid.uuid4(), code, "entry", timezone.now())
    return scans.Pending(device, checkpoint_of(device), data, True, "ok")


def _online(lanes: committer._Lanes, gate: Gate, code: str) -> committer.Reply:
    reply = committer.Reply()
    lanes.online.put((gate.token, scans.ScanData(uuid.uuid4(), code, "entry"), reply))
    return reply


def _upload(lanes: committer._Lanes, items: Sequence[scans.Pending]) -> committer.UploadReply:
    """Queued as ``committer.upload`` queues it, without a request thread waiting on it."""
    job = committer._Upload(items)
    lanes.uploads.append(job)
    lanes.online.put(None)
    return job.reply


def _answered(reply: committer._Answer[Any]) -> bool:
    """Whether the answer is in (it can be taken once: ask only where it must not be in yet)."""
    try:
        reply.result(timeout=0)
    except TimeoutError:
        return False
    return True


def _statuses(results: list[scans.Result]) -> list[str]:
    return [
        "repeated" if isinstance(r, scans.Outcome) and r.repeated else type(r).__name__
        for r in results
    ]


@pytest.fixture
def holders(event: Event, delegates: Category) -> list[Credential]:
    return [make_holder(event, delegates, f"Delegate {n}") for n in range(6)]


@pytest.mark.usefixtures("pieces_of_two")
def test_an_online_scan_goes_before_the_rest_of_an_upload_in_progress(
    fresh_lanes: committer._Lanes,
    monkeypatch: pytest.MonkeyPatch,
    hall_gate: Gate,
    holders: list[Credential],
) -> None:
    runs = Transactions(monkeypatch, hold=[0, 2])
    device = _device(hall_gate)
    upload = _upload(fresh_lanes, [_offline(device, badge.code) for badge in holders[:6]])
    committer._ensure_writer()
    runs.reached(0)  # the upload's first piece is being written
    online = _online(fresh_lanes, hall_gate, holders[0].code)
    runs.let_go(0)
    outcome = online.result(timeout=WAIT)
    assert isinstance(outcome, scans.Outcome) and outcome.scan.result == "already_inside"
    runs.reached(2)  # answered and committed while the upload's last piece is not yet
    assert not _answered(upload)
    assert Scan.objects.filter(offline=False).count() == 1
    assert Scan.objects.filter(offline=True).count() == 4
    runs.let_go(2)
    assert _statuses(upload.result(timeout=WAIT)) == ["Outcome"] * 6
    # The online scan went with the second piece (one commit for both), not behind the third.
    assert runs.kinds() == ["uu", "ouu", "uu"]
    assert Scan.objects.count() == 7


@pytest.mark.usefixtures("pieces_of_two")
def test_online_scans_and_an_upload_are_answered_only_after_their_commit(
    fresh_lanes: committer._Lanes,
    monkeypatch: pytest.MonkeyPatch,
    hall_gate: Gate,
    holders: list[Credential],
) -> None:
    runs = Transactions(monkeypatch, hold=[0, 1])
    device = _device(hall_gate)
    online = _online(fresh_lanes, hall_gate, holders[0].code)
    upload = _upload(fresh_lanes, [_offline(device, badge.code) for badge in holders[1:5]])
    committer._ensure_writer()
    runs.reached(0)  # the online scan and the first piece, written and not committed
    assert not _answered(online) and not _answered(upload)
    assert not Scan.objects.exists()  # this test's own connection sees only what is committed
    runs.let_go(0)
    assert isinstance(online.result(timeout=WAIT), scans.Outcome)
    runs.reached(1)  # the second piece: the upload is not answered before it commits
    assert not _answered(upload)
    assert Scan.objects.count() == 3
    runs.let_go(1)
    assert _statuses(upload.result(timeout=WAIT)) == ["Outcome"] * 4
    assert runs.kinds() == ["ouu", "uu"]
    assert Scan.objects.count() == 5


@pytest.mark.usefixtures("pieces_of_two")
def test_an_upload_in_pieces_between_online_scans_is_stored_once_however_often_it_is_sent(
    fresh_lanes: committer._Lanes,
    monkeypatch: pytest.MonkeyPatch,
    hall_gate: Gate,
    holders: list[Credential],
) -> None:
    runs = Transactions(monkeypatch, hold=[0])
    device = _device(hall_gate)
    ids = [uuid.uuid4() for _ in range(5)]
    # Seven items, five scan ids: the first id comes again in the third piece, the second in the
    # fourth (a phone that sent a scan twice).
    items = [_offline(device, holders[n % 4].code, ids[n]) for n in range(5)]
    items += [_offline(device, holders[0].code, ids[0]), _offline(device, holders[1].code, ids[1])]
    first = _upload(fresh_lanes, items)
    committer._ensure_writer()
    runs.reached(0)
    # While it is written: online scans, and the phone sending the same upload again (in
    # another order) because its first request timed out.
    onlines = [_online(fresh_lanes, hall_gate, badge.code) for badge in holders[4:6]]
    again = _upload(fresh_lanes, list(reversed(items)))
    runs.let_go(0)
    assert _statuses(first.result(timeout=WAIT)) == ["Outcome"] * 5 + ["repeated"] * 2
    assert _statuses(again.result(timeout=WAIT)) == ["repeated"] * 7
    for reply in onlines:
        outcome = reply.result(timeout=WAIT)
        assert isinstance(outcome, scans.Outcome) and outcome.scan.result == "ok"
    # The online scans went between the first upload's pieces, together, with its second piece.
    assert runs.kinds() == ["uu", "oouu", "uu", "u", "uu", "uu", "uu", "u"]
    third = committer.upload(items)  # and once more, through the request path, after it all
    assert _statuses(third) == ["repeated"] * 7
    assert sorted(Scan.objects.filter(offline=True).values_list("client_id", flat=True)) == sorted(
        ids
    )
    assert Scan.objects.filter(offline=False).count() == 2


def test_an_upload_over_the_api_is_answered_after_its_commit_and_stored_once(
    fresh_lanes: committer._Lanes, hall_gate: Gate, badge: Credential
) -> None:
    assert not connection.in_atomic_block  # so the upload goes through the writer
    items = [
        {
            "id": str(uuid.uuid4()),
            "code": badge.code,
            "direction": direction,
            "scanned_at": timezone.now().isoformat(),
            "verdict": "ok",
        }
        for direction in ("entry", "exit", "entry")
    ]
    body = json.dumps({"items": items})
    url = "/api/v1/checkin/sync"
    first = hall_gate.client().post(url, body, content_type="application/json")
    assert first.status_code == 200, first.content
    assert [a["status"] for a in first.json()["items"]] == ["stored"] * 3
    # Answered, so committed: this test's own connection sees every scan.
    assert sorted(str(i) for i in Scan.objects.values_list("client_id", flat=True)) == sorted(
        item["id"] for item in items
    )
    again = hall_gate.client().post(url, body, content_type="application/json")
    assert [a["status"] for a in again.json()["items"]] == ["duplicate"] * 3
    assert Scan.objects.count() == 3


# --- Across processes: a piece of an upload never makes a waiting gate wait longer ---------------

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL has no turn")


def _holding(path: str, mode: str) -> subprocess.Popen[str]:
    """Another process holding ``flock(path, mode)`` until its stdin closes."""
    holder = subprocess.Popen(  # noqa: S603 - our interpreter, a fixed script
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys\n"
            f"fd = os.open({path!r}, os.O_RDWR | os.O_CREAT)\n"
            f"fcntl.flock(fd, fcntl.{mode})\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


def _let_go(holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(WAIT)


def _bulk_turn_free() -> bool:
    with bulk_turn() as mine:
        return mine


@sqlite_only
def test_a_piece_of_an_upload_starts_only_on_a_free_turn_that_no_one_waits_for() -> None:
    database = str(connection.settings_dict["NAME"])
    turn = _holding(f"{database}.write-turn", "LOCK_EX")  # another process writes
    assert not _bulk_turn_free()
    _let_go(turn)
    queued = _holding(f"{database}.write-queue", "LOCK_SH")  # another process's gate waits
    assert not _bulk_turn_free()
    _let_go(queued)
    with bulk_turn() as mine:
        assert mine
        # … and while the piece is written, no other process writes.
        probe = os.open(f"{database}.write-turn", os.O_RDWR)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(probe)


@sqlite_only
def test_a_gate_waiting_for_the_turn_goes_before_the_next_piece_of_an_upload() -> None:
    database = str(connection.settings_dict["NAME"])
    turn = _holding(f"{database}.write-turn", "LOCK_EX")
    order: list[str] = []

    def gate() -> None:
        with write_turn():
            order.append("gate")

    thread = threading.Thread(target=gate)
    thread.start()
    # The gate's writer is queued once it holds the queue file: wait for that (a condition, not
    # a time), then let the other process finish its turn.
    probe = os.open(f"{database}.write-queue", os.O_RDWR)
    deadline = time.monotonic() + WAIT
    try:
        while time.monotonic() < deadline:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                break
            fcntl.flock(probe, fcntl.LOCK_UN)
            select.select([], [], [], 0.01)
        else:
            pytest.fail("the gate's writer never queued")
    finally:
        os.close(probe)
    assert not _bulk_turn_free()  # the turn is held, and a gate waits for it
    _let_go(turn)
    thread.join(WAIT)
    assert order == ["gate"]
    assert _bulk_turn_free()
    assert interactive_within(WAIT)  # the gate's turn was noted for the bulk writers
