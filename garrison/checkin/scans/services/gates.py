"""Which gate each scanner token stands for, answered for a whole batch with one query.

The row read at every batch carries everything a decision depends on: the device's revocation,
its checkpoint, that checkpoint's zone and direction, and the event's time zone. A revoked
token or a changed checkpoint therefore takes effect at the next batch. The Device, Checkpoint
and Event objects are kept per process and reused while those values are unchanged, because
loading them through the ORM cost more than the scan itself. The scan path reads nothing else
of them.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.models import Device, hash_token
from garrison.checkin.models import Checkpoint
from garrison.checkin.scans.services.batch_sql import gate_rows
from garrison.core.errors import DomainError

TOUCH_SECONDS = 60  # a scanner's "last seen" is written at most once a minute per process
_MAX_KEPT = 10_000

Gate = tuple[Device, Checkpoint]
_kept: dict[tuple[object, ...], Gate] = {}
_touched: dict[int, float] = {}


def gates_of(tokens: Iterable[str]) -> dict[str, Gate | DomainError]:
    """Each token's device and the checkpoint it serves. An unknown or revoked token is left
    out (the caller answers 401); a device bound to no checkpoint gets a 403."""
    hashes = {hash_token(token): token for token in tokens if token and len(token) <= 200}
    if not hashes:
        return {}
    gates: dict[str, Gate | DomainError] = {}
    for token_hash, device_id, event_id, active, *gate in gate_rows(hashes):
        checkpoint_id = gate[0]
        if not active:
            continue
        if checkpoint_id is None:
            gates[hashes[token_hash]] = DomainError(
                "no_checkpoint", _("This device is not bound to a checkpoint."), status=403
            )
            continue
        key = (device_id, event_id, *gate)
        found = _kept.get(key)
        if found is None:
            found = _load(device_id, checkpoint_id)
            if found is None:  # deleted since the row was read
                continue
            if len(_kept) >= _MAX_KEPT:
                _kept.clear()
            _kept[key] = found
        gates[hashes[token_hash]] = found
    return gates


def _load(device_id: int, checkpoint_id: int) -> Gate | None:
    device = Device.objects.select_related("event").filter(pk=device_id).first()
    checkpoint = Checkpoint.objects.filter(pk=checkpoint_id).first()
    return (device, checkpoint) if device and checkpoint else None


def touch(gates: dict[str, Gate | DomainError]) -> None:
    """Note these scanners as seen (a write: inside the batch's write turn)."""
    device_ids = {gate[0].pk for gate in gates.values() if not isinstance(gate, DomainError)}
    now = time.monotonic()
    stale = [pk for pk in device_ids if now - _touched.get(pk, -TOUCH_SECONDS) >= TOUCH_SECONDS]
    if stale:
        Device.objects.filter(pk__in=stale).update(last_seen=timezone.now())
        _touched.update(dict.fromkeys(stale, now))
