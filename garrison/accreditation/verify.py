"""Reading a scanned code on the server: decode → key → signature → revocation.

Each refusal has its own stable code (SECURITY.md #13): ``invalid_code`` for anything
malformed, truncated or altered (the signature fails), ``unknown_key`` for a key this event
does not have (another event's badge, a forged key id), ``revoked`` for a version on the list.
The time window, zone and anti-passback come after, in ``checkin.rules``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from garrison.accreditation.models import Credential, SigningKey
from garrison.accreditation.signing import InvalidCode, Payload, decode, signature_ok
from garrison.events.models import Event

INVALID_CODE = "invalid_code"
UNKNOWN_KEY = "unknown_key"
REVOKED = "revoked"


@dataclass(frozen=True)
class Checked:
    """The outcome so far: ``code`` None means genuine and not revoked."""

    code: str | None
    payload: Payload | None = None
    credential: Credential | None = None


# Public keys never change once made (rotation adds a key, nothing deletes one), so a process
# may keep every key it has seen; an unknown key id is asked again each time.
_known_keys: dict[tuple[int, str], bytes] = {}


def _public_key(event: Event, key_id: str) -> bytes | None:
    cached = _known_keys.get((event.pk, key_id))
    if cached is not None:
        return cached
    key = SigningKey.objects.filter(event=event, key_id=key_id).only("public_key").first()
    if key is None:
        return None
    _known_keys[(event.pk, key_id)] = bytes(key.public_key)
    return _known_keys[(event.pk, key_id)]


@lru_cache(maxsize=65_536)
def _genuine(body: bytes, signature: bytes, public_key: bytes) -> bool:
    """A verdict on exact bytes never changes, and a gate sees the same badges again and again
    (entry, exit, the next day): each distinct code is verified once per process. Bounded: a
    flood of forged codes evicts old entries and costs only their verification."""
    return signature_ok(body, signature, public_key)


def verify_signature(event: Event, text: str) -> Checked:
    """Decode, find the key, check the signature: everything that needs no credential row."""
    try:
        payload, body, signature = decode(text)
    except InvalidCode:
        return Checked(INVALID_CODE)
    public_key = _public_key(event, payload.key_id)
    if public_key is None:
        return Checked(UNKNOWN_KEY, payload)
    if not _genuine(body, signature, public_key):
        return Checked(INVALID_CODE, payload)
    return Checked(None, payload)


_DECISION_FIELDS = ("id", "event_id", "serial", "version", "revoked_at", "zones", "windows")
_HOLDER_FIELDS = (
    "person__full_name",
    "person__organisation",
    "person__photo_sha256",
    "person__category__name",
    "person__category__color",
)


def with_credentials(
    checks: Sequence[tuple[int, Checked]], *, holders: bool = True
) -> list[Checked]:
    """Complete each genuine signature, given with its event's id, with its credential row:
    revoked, or the one in force. One query for any number of codes; ``holders``: with the
    holder's name, organisation and category (for the guard), else the decision's fields only.

    ``revoked_at`` is set in the same transaction that writes the revocation list entry
    (credentials._revoke), so the row alone answers. A genuine signature for a version the
    server does not hold is treated as revoked, never as valid.
    """
    wanted = {
        (event_id, c.payload.serial) for event_id, c in checks if c.code is None and c.payload
    }
    if not wanted:
        return [checked for _event_id, checked in checks]
    rows = Credential.objects.filter(
        event_id__in={event_id for event_id, _serial in wanted},
        serial__in={serial for _event_id, serial in wanted},
        version__in={c.payload.version for _event_id, c in checks if c.payload},
    )
    if holders:
        rows = rows.select_related("person__category").only(*_DECISION_FIELDS, *_HOLDER_FIELDS)
    else:
        rows = rows.only(*_DECISION_FIELDS)
    by_key = {(row.event_id, row.serial, row.version): row for row in rows}
    done: list[Checked] = []
    for event_id, checked in checks:
        payload = checked.payload
        if checked.code is not None or payload is None:
            done.append(checked)
            continue
        row = by_key.get((event_id, payload.serial, payload.version))
        if row is None or row.revoked_at is not None:
            done.append(Checked(REVOKED, payload, row))
        else:
            done.append(Checked(None, payload, row))
    return done


def check_code(event: Event, text: str) -> Checked:
    return with_credentials([(event.pk, verify_signature(event, text))])[0]
