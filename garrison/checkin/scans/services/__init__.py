"""The write path for scans: one made online, or a phone's upload of scans made offline.

Each scan is decided and recorded in ``batch`` (many per transaction); online scans reach it
through the group committer (``committer``). Every write of a scan happens in this package.
"""

from __future__ import annotations

from collections.abc import Sequence

from garrison.accounts.models import Device
from garrison.checkin.access import checkpoint_of
from garrison.checkin.scans.services import committer
from garrison.checkin.scans.services.batch import Outcome, Pending, Result, ScanData
from garrison.core.errors import DomainError


def record_scan(token: str, data: ScanData) -> Outcome:
    """Decide and record one scan made online by the device holding ``token``, committed
    together with the scans other gates send meanwhile (``committer``)."""
    result = committer.submit(token, data)
    if isinstance(result, DomainError):
        raise result
    return result


def record_uploaded(device: Device, uploaded: Sequence[tuple[ScanData, str]]) -> list[Result]:
    """Scans a phone made offline, each with the verdict it showed then. Each is stored once
    (its id), also when the server would now refuse it — it already happened — and flagged
    when the server's verdict differs; presence follows what happened at the gate. Written
    behind the online scans, in pieces (``committer``)."""
    checkpoint = checkpoint_of(device)
    return committer.upload(
        [Pending(device, checkpoint, data, True, verdict) for data, verdict in uploaded]
    )
