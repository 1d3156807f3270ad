"""Reading a scanned code on the server: decode → key → signature → revocation.

Each refusal has its own stable code (SECURITY.md #13): ``invalid_code`` for anything
malformed, truncated or altered (the signature fails), ``unknown_key`` for a key this event
does not have (another event's badge, a forged key id), ``revoked`` for a version on the list.
The time window, zone and anti-passback come after, in ``checkin.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def check_code(event: Event, text: str) -> Checked:
    try:
        payload, body, signature = decode(text)
    except InvalidCode:
        return Checked(INVALID_CODE)
    public_key = _public_key(event, payload.key_id)
    if public_key is None:
        return Checked(UNKNOWN_KEY, payload)
    if not signature_ok(body, signature, public_key):
        return Checked(INVALID_CODE, payload)
    credential = (
        Credential.objects.filter(event=event, serial=payload.serial, version=payload.version)
        .select_related("person__category")
        .first()
    )
    # ``revoked_at`` is set in the same transaction that writes the revocation list entry
    # (credentials._revoke), so the row alone answers. A genuine signature for a version the
    # server does not hold is treated as revoked, never as valid.
    if credential is None or credential.revoked_at is not None:
        return Checked(REVOKED, payload, credential)
    return Checked(None, payload, credential)
