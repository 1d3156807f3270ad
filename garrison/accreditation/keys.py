"""The event's signing keys: create, rotate, unseal.

Seeds are sealed with Fernet under a key derived (HKDF-SHA256) from Django's SECRET_KEY, which
lives outside the database (environment or var/secret_key). Losing SECRET_KEY means rotating
the keys and re-issuing badges; leaking only the database forges nothing.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, Role
from garrison.accreditation.models import SigningKey
from garrison.accreditation.signing import new_key
from garrison.audit.services import Actor, record
from garrison.events.models import Event

KEY_MANAGERS: tuple[Role, ...] = (Role.COMMANDER, Role.ACCREDITATION_OFFICER)


def _fernet() -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"garrison credential seed"
    ).derive(settings.SECRET_KEY.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def unseal(key: SigningKey) -> bytes:
    return _fernet().decrypt(bytes(key.sealed_seed))


def _create(event: Event) -> SigningKey:
    seed, public = new_key()
    while True:
        key_id = secrets.token_hex(4)
        if not SigningKey.objects.filter(key_id=key_id).exists():
            break
    return SigningKey.objects.create(
        event=event,
        key_id=key_id,
        public_key=public,
        sealed_seed=_fernet().encrypt(seed),
    )


def current_key(event: Event) -> SigningKey:
    """The key that signs new badges, created on first use. Call inside a transaction."""
    key = SigningKey.objects.filter(event=event, retired_at__isnull=True).first()
    if key is not None:
        return key
    key = _create(event)
    record(
        Actor(label="system"),
        "accreditation.key.created",
        key,
        event_id=event.pk,
        after={"key_id": key.key_id},
    )
    return key


def rotate_key(membership: Membership) -> SigningKey:
    """Retire the signing key (it keeps verifying) and make a new one sign from now on."""
    require_role(membership, KEY_MANAGERS)
    with transaction.atomic():
        old = list(
            SigningKey.objects.select_for_update().filter(
                event_id=membership.event_id, retired_at__isnull=True
            )
        )
        SigningKey.objects.filter(pk__in=[k.pk for k in old]).update(retired_at=timezone.now())
        key = _create(membership.event)
        record(
            Actor.of_user(membership.user),
            "accreditation.key.rotated",
            key,
            event_id=membership.event_id,
            before={"key_ids": [k.key_id for k in old]},
            after={"key_id": key.key_id},
        )
    return key


def public_keys(event: Event) -> dict[str, bytes]:
    """Every key id of the event with its public key: what a scanner downloads."""
    return {k.key_id: bytes(k.public_key) for k in SigningKey.objects.filter(event=event)}
