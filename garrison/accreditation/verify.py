"""Reading a scanned code on the server: decode → key → signature → revocation.

Each refusal has its own stable code (SECURITY.md #13): ``invalid_code`` for anything
malformed, truncated or altered (the signature fails), ``unknown_key`` for a key this event
does not have (another event's badge, a forged key id), ``revoked`` for a version on the list.
The time window, zone and anti-passback come after, in ``checkin.rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.accreditation.models import Credential, Revocation, SigningKey
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


def check_code(event: Event, text: str) -> Checked:
    try:
        payload, body, signature = decode(text)
    except InvalidCode:
        return Checked(INVALID_CODE)
    key = SigningKey.objects.filter(event=event, key_id=payload.key_id).only("public_key").first()
    if key is None:
        return Checked(UNKNOWN_KEY, payload)
    if not signature_ok(body, signature, bytes(key.public_key)):
        return Checked(INVALID_CODE, payload)
    credential = (
        Credential.objects.filter(event=event, serial=payload.serial, version=payload.version)
        .select_related("person")
        .first()
    )
    revoked = Revocation.objects.filter(
        event=event, serial=payload.serial, version=payload.version
    ).exists()
    if credential is None or revoked or credential.revoked_at is not None:
        # A genuine signature for a version the server does not hold can only be one that was
        # removed with its person: treat it as revoked, never as valid.
        return Checked(REVOKED, payload, credential)
    return Checked(None, payload, credential)
