"""The event's Ed25519 keys for other things the event signs (patrol plaques): sign bytes with
the key in force, check bytes against any of the event's keys. Badges keep their own format
(``signing``); these are the same keys, so a copy of the database alone forges neither."""

from __future__ import annotations

import nacl.exceptions
import nacl.signing
from django.db import transaction

from garrison.accreditation.credentials.keys import unseal
from garrison.accreditation.credentials.services import current_key
from garrison.accreditation.credentials.verify import _public_key
from garrison.accreditation.models import SigningKey
from garrison.events.models import Event


def key_in_force(event: Event) -> str:
    """The id of the key that signs now (made on first use)."""
    with transaction.atomic():
        return current_key(event).key_id


def sign_bytes(event: Event, key_id: str, body: bytes) -> bytes:
    """The 64-byte signature of ``body`` by the event's key ``key_id``."""
    key = SigningKey.objects.get(event=event, key_id=key_id)
    return nacl.signing.SigningKey(unseal(key)).sign(body).signature


def bytes_signed(event: Event, key_id: str, body: bytes, signature: bytes) -> bool:
    """Whether one of the event's keys (``key_id``, retired or not) signed ``body``."""
    public = _public_key(event, key_id)
    if public is None:
        return False
    try:
        nacl.signing.VerifyKey(public).verify(body, signature)
    except (nacl.exceptions.BadSignatureError, ValueError):
        return False
    return True
