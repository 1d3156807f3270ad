"""The write path for scanner devices: enrolment, revocation, and token authentication (which
notes when a device was last seen)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Device, Membership, hash_token
from garrison.accounts.roles import DEVICE_MANAGERS
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError


def authenticate_device(token: str) -> Device | None:
    """The active device holding ``token``, or None. Revocation takes effect on the next call."""
    return authenticate_devices([token]).get(token)


def authenticate_devices(tokens: Iterable[str], *related: str) -> dict[str, Device]:
    """The active devices holding these tokens, by token, in one query (a scan batch's callers);
    ``related``: relations to load with them. Unknown and revoked tokens are left out."""
    hashes = {hash_token(token): token for token in tokens if token and len(token) <= 200}
    if not hashes:
        return {}
    found = Device.objects.select_related("event", *related).filter(token_hash__in=hashes)
    devices = {hashes[d.token_hash]: d for d in found if d.revoked_at is None}
    now = timezone.now()
    # Touch last_seen at most once a minute: a scanner polls often.
    stale = [
        d.pk
        for d in devices.values()
        if d.last_seen is None or (now - d.last_seen).total_seconds() > 60
    ]
    if stale:
        Device.objects.filter(pk__in=stale).update(last_seen=now)
    return devices


def enrol_device(membership: Membership, name: str) -> tuple[Device, str]:
    """Create a device and return it with its token; the token is shown once and never stored."""
    require_role(membership, DEVICE_MANAGERS)
    name = (name or "").strip()
    if not name or len(name) > 120:
        raise DomainError(
            "invalid_name", _("Give the device a name of at most 120 characters."), field="name"
        )
    token = Device.new_token()
    with transaction.atomic():
        device = Device.objects.create(
            event_id=membership.event_id,
            name=name,
            token_hash=hash_token(token),
            token_prefix=token[:8],
        )
        record(
            Actor.of_user(membership.user),
            "accounts.device.enrolled",
            device,
            event_id=membership.event_id,
            after={"active": True},  # not its name, often its holder's (garrison.audit.services)
        )
    return device, token


def revoke_device(membership: Membership, device: Device) -> Device:
    require_role(membership, DEVICE_MANAGERS)
    if device.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found"), status=404)
    with transaction.atomic():
        locked = Device.objects.select_for_update().get(pk=device.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            record(
                Actor.of_user(membership.user),
                "accounts.device.revoked",
                locked,
                event_id=membership.event_id,
                before={"active": True},
                after={"active": False},
            )
    return locked
