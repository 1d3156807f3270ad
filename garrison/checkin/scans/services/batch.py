"""Deciding and recording scans — many in one transaction.

A durable commit costs an fsync, and a scan costs little else, so scans are written in batches:
the online endpoint's group committer (``committer``) gathers the scans that arrive while the
previous batch commits, and an offline upload is a batch already. A batch makes the same number
of queries whatever its length — stored scan ids, credentials, presence rows (created if need
be, then locked), one insert of the scans, two presence updates and one live event — and is
decided in order, so two scans of one badge in one batch still give one entry.

The steps per scan read like the procedure they are: skip a repeated scan id → verify the code
(signature, key, revocation) → validity and zone rules → anti-passback on the locked presence
row → record the scan, refused ones too → update presence → notify after commit.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.models import Device
from garrison.accreditation.credentials.verify import (
    REVOKED,
    Checked,
    Holder,
    verify_signature,
    with_credentials,
)
from garrison.checkin.live_events import SCANS_RECORDED
from garrison.checkin.models import Checkpoint, Direction, Presence
from garrison.checkin.scans.rules import OK, decide
from garrison.checkin.scans.services.batch_sql import (
    insert_scans,
    lock_presence,
    set_inside,
    stored_scans,
)
from garrison.core.errors import DomainError
from garrison.core.metrics import count_scans
from garrison.events.models import Event


@dataclass
class ScanData:
    client_id: uuid.UUID
    code: str
    direction: str
    scanned_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    """A stored scan, as far as an answer needs it."""

    client_id: uuid.UUID
    event_id: int
    device_id: int | None
    serial: int | None
    result: str
    flagged: bool


@dataclass(frozen=True)
class Outcome:
    scan: Recorded
    repeated: bool  # the same client_id was already stored: this is that scan's answer
    holder: Holder | None = None  # when the badge is genuine and opens this zone


@dataclass(frozen=True)
class Pending:
    """One scan to decide: who sent it, at which gate, and — for an upload of scans made
    offline — what the phone decided then."""

    device: Device
    checkpoint: Checkpoint
    data: ScanData
    offline: bool = False
    client_result: str | None = None


Result = Outcome | DomainError


def unauthorized() -> DomainError:
    return DomainError("unauthorized", _("Sign in first."), status=401)


def record_batch(items: Sequence[Pending]) -> list[Result]:
    """Decide and record ``items`` in one transaction; one answer per item, in order.

    A scan id committed meanwhile by another process, or (PostgreSQL) a deadlock between two
    batches, spoils the whole batch: it is rolled back and each scan is then recorded alone.
    """
    try:
        with transaction.atomic():
            return _record(items)
    except (IntegrityError, OperationalError) as error:
        if len(items) > 1:
            return [record_batch([item])[0] for item in items]
        existing = stored_scans([items[0].data.client_id])
        if existing:
            return [_repeat(items[0].device, Recorded(*existing[0]))]
        if isinstance(error, IntegrityError) or connection.in_atomic_block:
            raise
        with transaction.atomic():  # the deadlock's loser: the winner has committed by now
            return _record(items)


def _repeat(device: Device, scan: Recorded) -> Result:
    if scan.event_id != device.event_id or scan.device_id != device.pk:
        # A UUID is the phone's own; another device reusing it is a client bug or a probe.
        return DomainError(
            "scan_id_taken", _("This scan id belongs to another device."), status=409
        )
    return Outcome(scan, repeated=True)


def _direction_error(item: Pending) -> DomainError | None:
    direction = item.data.direction
    if direction in (Direction.ENTRY, Direction.EXIT) and item.checkpoint.allows(direction):
        return None
    return DomainError(
        "direction_not_allowed",
        _("This checkpoint does not take scans in this direction."),
        field="direction",
    )


def _presence(keys: set[tuple[int, int, int]]) -> dict[tuple[int, int], tuple[int, bool]]:
    """Presence rows for (event, zone, serial), created if need be, then locked: (zone, serial)
    → (row id, inside).

    Two gates scanning one badge at the same instant both reach here; on PostgreSQL the second
    waits on the row (its insert of the same key, then its SELECT … FOR UPDATE) until the first
    commits and then reads ``inside=True``; on SQLite the IMMEDIATE write transaction already
    serialises them. Keys go in sorted order so two batches never wait on each other in a ring.
    """
    found = _lock_presence(keys)
    missing = sorted(key for key in keys if key[1:] not in found)
    if missing:  # first scans of these badges at this zone: rows made, then locked like the rest
        Presence.objects.bulk_create(
            [Presence(event_id=e, zone_id=z, serial=s) for e, z, s in missing],
            ignore_conflicts=True,
        )
        found.update(_lock_presence(set(missing)))
    return found


def _lock_presence(keys: set[tuple[int, int, int]]) -> dict[tuple[int, int], tuple[int, bool]]:
    if not keys:
        return {}
    rows = lock_presence({z for _e, z, _s in keys}, {s for _e, _z, s in keys})
    # zone × serial over-selects (another zone's row for a serial in this batch); keep the keys.
    return {
        (zone, serial): (pk, inside)
        for pk, event_id, zone, serial, inside in rows
        if (event_id, zone, serial) in keys
    }


def _values(
    event: Event, checkpoint: Checkpoint, checked: Checked, direction: str, at: dt.datetime
) -> dict[str, Any]:
    """What the rules (``rules.json``) read, as the phone computes it too."""
    payload, credential = checked.payload, checked.credential
    local = at.astimezone(event.tzinfo)
    window = (credential.windows.get(str(checkpoint.zone_id)) if credential else None) or [None] * 4
    return {
        "decoded": payload is not None,
        "key_known": checked.code != "unknown_key",
        "signature_ok": checked.code != "invalid_code",
        "revoked": checked.code == REVOKED,
        "now": int(at.timestamp()),
        "valid_from": payload.valid_from if payload else None,
        "valid_until": payload.valid_until if payload else None,
        "zone": checkpoint.zone_id,
        "zones": list(payload.zones) if payload else [],
        "today": local.date().isoformat(),
        "minute": local.hour * 60 + local.minute,
        "window_first_day": window[0],
        "window_last_day": window[1],
        "window_start": window[2],
        "window_end": window[3],
        "direction": direction,
    }


def _record(items: Sequence[Pending]) -> list[Result]:
    now = timezone.now()
    results: list[Result | None] = [None] * len(items)
    for i, item in enumerate(items):
        results[i] = _direction_error(item)
    todo = [i for i, result in enumerate(results) if result is None]
    stored = {
        row[0]: Recorded(*row) for row in stored_scans([items[i].data.client_id for i in todo])
    }
    first_of: dict[uuid.UUID, int] = {}  # a scan id sent twice in one batch: the first counts
    fresh: list[int] = []
    for i in todo:
        client_id = items[i].data.client_id
        if client_id in stored:
            results[i] = _repeat(items[i].device, stored[client_id])
        elif client_id not in first_of:
            first_of[client_id] = i
            fresh.append(i)
    verdicts = with_credentials(
        [
            (items[i].device.event_id, verify_signature(items[i].device.event, items[i].data.code))
            for i in fresh
        ],
        holders=not all(item.offline for item in items),  # the guard sees who it is online
    )
    checks = dict(zip(fresh, verdicts, strict=True))
    # Only a genuine signature names a real holder; a forged one moves no one in or out.
    presence = _presence(
        {
            (items[i].device.event_id, items[i].checkpoint.zone_id, c.payload.serial)
            for i, c in checks.items()
            if c.payload is not None and c.code in (None, REVOKED)
        }
    )
    inside = {key: row[1] for key, row in presence.items()}
    rows: list[tuple[Any, ...]] = []
    recorded: list[Recorded] = []
    holders: dict[int, Holder | None] = {}
    for i in fresh:
        item, checked = items[i], checks[i]
        checkpoint, direction, payload = item.checkpoint, item.data.direction, checked.payload
        scanned_at = item.data.scanned_at or now
        # Online, the server's clock decides (a phone's clock may be wrong); a scan made
        # offline is judged at the moment it happened.
        values = _values(
            item.device.event, checkpoint, checked, direction, scanned_at if item.offline else now
        )
        key = (checkpoint.zone_id, payload.serial) if payload is not None else None
        values["inside"] = inside.get(key, False) if key else False
        verdict = decide(values)
        # Who went through is what the gate did: the server's verdict online, the phone's
        # offline (the person is already in, whatever the server would say now).
        admitted = (item.client_result == OK) if item.offline else (verdict == OK)
        if admitted and key is not None and key in inside:
            inside[key] = direction == Direction.ENTRY
        serial = payload.serial if payload else None
        flagged = item.offline and item.client_result != verdict
        rows.append(
            (
                item.device.event_id,
                item.data.client_id,
                item.device.pk,
                checkpoint.pk,
                checkpoint.zone_id,
                direction,
                serial,
                payload.version if payload else None,
                verdict,
                scanned_at,
                item.offline,
                flagged,
            )
        )
        recorded.append(
            Recorded(
                item.data.client_id, item.device.event_id, item.device.pk, serial, verdict, flagged
            )
        )
        credential = checked.credential
        # Online, the guard compares the holder's face; an upload of past scans needs no one.
        # The signed zones are the row's (frozen at issue, models.Credential).
        opens = not item.offline and checked.code is None and payload is not None
        opens = opens and checkpoint.zone_id in payload.zones  # type: ignore[union-attr]
        holders[i] = credential.holder if opens and credential else None
    insert_scans(rows, now)
    # Counted once committed: a batch rolled back and recorded again is counted once.
    decisions = [(row[8], row[10]) for row in rows]  # (result, offline)
    transaction.on_commit(lambda: count_scans(decisions))
    for now_inside in (True, False):
        set_inside(
            [
                row[0]
                for key, row in presence.items()
                if inside[key] != row[1] and inside[key] is now_inside
            ],
            now_inside,
            now,
        )
    for i, scan in zip(fresh, recorded, strict=True):
        results[i] = Outcome(scan, repeated=False, holder=holders[i])
    answers: list[Result] = []
    for i, result in enumerate(results):
        if result is None:  # the second of a scan id sent twice in this batch: the first's answer
            first = results[first_of[items[i].data.client_id]]
            assert isinstance(first, Outcome)  # noqa: S101 - the first of the pair was just stored
            result = _repeat(items[i].device, first.scan)
        answers.append(result)
    _notify(items, fresh)
    return answers


def _notify(items: Sequence[Pending], fresh: list[int]) -> None:
    """One live event per event per batch: the occupancy screens re-read their counts, so a
    burst of scans is one message, not hundreds."""
    by_event: dict[int, tuple[Event, set[int]]] = {}
    for i in fresh:
        event = items[i].device.event
        by_event.setdefault(event.pk, (event, set()))[1].add(items[i].checkpoint.pk)
    for event, checkpoints in by_event.values():
        count = sum(1 for i in fresh if items[i].device.event_id == event.pk)
        SCANS_RECORDED.emit(
            event,
            {"count": count, "checkpoints": sorted(checkpoints)},
        )
