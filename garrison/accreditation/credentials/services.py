"""Issuing, re-issuing and revoking badges (credentials), and the event's signing keys.

A credential is one signed version of a person's badge. Changing the person's rights (their
category, an extra grant, a removal, the category's grants) or losing the badge issues a new
version with the same serial; the old version goes on the revocation list, which scanners pull
by sequence number (``verify.revocations_since``). Withdrawing revokes without a new version.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.credentials.keys import seal, unseal
from garrison.accreditation.credentials.rights import effective_rights, validity_span
from garrison.accreditation.credentials.signing import MAX_ZONES, Payload, new_key, sign
from garrison.accreditation.live_events import CREDENTIAL_ISSUED, CREDENTIAL_REVOKED
from garrison.accreditation.models import Credential, Person, Revocation, SigningKey
from garrison.accreditation.roles import KEY_MANAGERS, OFFICERS
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Event

SERIAL_MAX = 2**31 - 1


def actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


def current_credential(person: Person) -> Credential | None:
    return person.credentials.filter(revoked_at__isnull=True).order_by("-version").first()


def _new_serial(event_id: int) -> int:
    while True:
        serial = secrets.randbelow(SERIAL_MAX - 1000) + 1000
        if not Credential.objects.filter(event_id=event_id, serial=serial).exists():
            return serial


def _revoke(event: Event, credential: Credential, reason: str) -> Revocation:
    """Put one version on the list. The event row is locked so seqs commit in order: a scanner
    that has seen seq n never misses an n-1 committed later."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    credential.revoked_at = timezone.now()
    credential.revoke_reason = reason
    credential.save(update_fields=["revoked_at", "revoke_reason"])
    last = Revocation.objects.filter(event=event).aggregate(m=Max("seq"))["m"] or 0
    return Revocation.objects.create(
        event=event,
        seq=last + 1,
        serial=credential.serial,
        version=credential.version,
        reason=reason,
    )


def _issue(event: Event, person: Person) -> Credential:
    rights = effective_rights(person.category.grants.all(), person.grants.all())
    span = validity_span(rights, event.tzinfo)
    if span is None:
        raise DomainError(
            "no_rights", _("This person may enter no zone; give their category a zone first.")
        )
    if len(rights) > MAX_ZONES:
        raise DomainError("too_many_zones", _("A badge can carry at most 64 zones."))
    previous = person.credentials.order_by("-version").first()
    serial = previous.serial if previous else _new_serial(event.pk)
    version = previous.version + 1 if previous else 1
    if previous is not None and previous.revoked_at is None:
        _revoke(event, previous, Revocation.Reason.SUPERSEDED)
    key = current_key(event)
    zones = sorted(rights)
    payload = Payload(
        key_id=key.key_id,
        serial=serial,
        version=version,
        valid_from=int(span[0].timestamp()),
        valid_until=int(span[1].timestamp()),
        zones=tuple(zones),
    )
    return Credential.objects.create(
        event=event,
        person=person,
        serial=serial,
        version=version,
        key=key,
        zones=zones,
        windows={str(zone): rights[zone].as_json() for zone in zones},
        valid_from=span[0],
        valid_until=span[1],
        code=sign(payload, unseal(key)),
    )


def _summary(credential: Credential) -> dict[str, Any]:
    return {
        "serial": credential.serial,
        "version": credential.version,
        "key_id": credential.key.key_id,
        "zones": credential.zones,
    }


def _locked_person(membership: Membership, person: Person) -> Person:
    return (
        Person.objects.select_for_update()
        .select_related("category")
        .get(pk=person.pk, event_id=membership.event_id)
    )


def issue_credential(membership: Membership, person: Person) -> Credential:
    """Issue the person's badge, or a new version of it (the old one is revoked)."""
    require_role(membership, OFFICERS)
    with transaction.atomic():
        locked = _locked_person(membership, person)
        credential = _issue(membership.event, locked)
        record(
            actor(membership),
            "accreditation.credential.issued",
            locked,
            event_id=membership.event_id,
            after=_summary(credential),
        )
        CREDENTIAL_ISSUED.emit(membership.event, {"person": locked.pk})
    return credential


def issue_missing(membership: Membership, people: Iterable[Person]) -> int:
    """Issue a first badge to each of ``people`` who has none and may enter a zone."""
    require_role(membership, OFFICERS)
    issued = 0
    with transaction.atomic():
        for person in people:
            if person.credentials.exists():
                continue
            try:
                _issue(membership.event, _locked_person(membership, person))
            except DomainError as error:
                if error.code != "no_rights":
                    raise
                continue
            issued += 1
        record(
            actor(membership),
            "accreditation.credential.batch_issued",
            None,
            event_id=membership.event_id,
            object_type="accreditation.credential",
            after={"issued": issued},
        )
        CREDENTIAL_ISSUED.emit(membership.event, {"count": issued})
    return issued


def revoke_credential(
    membership: Membership, person: Person, reason: str, *, reissue: bool
) -> Credential | None:
    """Revoke the person's current badge (lost, withdrawn); with ``reissue`` print a new one."""
    require_role(membership, OFFICERS)
    if reason not in (Revocation.Reason.LOST, Revocation.Reason.WITHDRAWN):
        raise DomainError("invalid_choice", _("Unknown reason."), field="reason")
    with transaction.atomic():
        locked = _locked_person(membership, person)
        current = current_credential(locked)
        if current is None:
            raise DomainError("no_credential", _("This person holds no valid badge."), status=409)
        _revoke(membership.event, current, reason)
        new = _issue(membership.event, locked) if reissue else None
        record(
            actor(membership),
            "accreditation.credential.revoked",
            locked,
            event_id=membership.event_id,
            before=_summary(current),
            after={"reason": reason, "new_version": new.version if new else None},
        )
        CREDENTIAL_REVOKED.emit(membership.event, {"person": locked.pk})
    return new


def reissue_after_change(membership: Membership, person: Person) -> Credential | None:
    """Called inside a rights change: a person holding a badge gets a new version."""
    locked = _locked_person(membership, person)
    if current_credential(locked) is None:
        return None
    try:
        credential = _issue(membership.event, locked)
    except DomainError as error:
        if error.code != "no_rights":
            raise
        # No zone left: nothing to print; the old version must not keep opening doors.
        old = current_credential(locked)
        if old is not None:
            _revoke(membership.event, old, Revocation.Reason.WITHDRAWN)
        return None
    record(
        actor(membership),
        "accreditation.credential.reissued",
        locked,
        event_id=membership.event_id,
        after=_summary(credential),
    )
    return credential


def reissue_category(membership: Membership, category_id: int) -> int:
    """After a matrix change: new versions for everyone of the category who holds a badge."""
    count = 0
    holders = Person.objects.filter(
        category_id=category_id, credentials__revoked_at__isnull=True
    ).distinct()
    for person in holders:
        if reissue_after_change(membership, person) is not None:
            count += 1
    return count


def revoke_all_for(membership: Membership, person: Person, reason: str) -> None:
    for credential in person.credentials.filter(revoked_at__isnull=True):
        _revoke(membership.event, credential, reason)


def withdraw_batch(event_id: int, limit: int) -> int:
    """Withdraw at most ``limit`` of the event's valid badges at once; how many (the purge of its
    personal data, garrison.accreditation.personal). Inside the caller's transaction; the event
    row is locked as in ``_revoke``, so the list's seqs commit in order."""
    Event.objects.select_for_update().filter(pk=event_id).first()
    rows = list(
        Credential.objects.filter(event_id=event_id, revoked_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "serial", "version")[:limit]
    )
    if not rows:
        return 0
    reason = Revocation.Reason.WITHDRAWN
    Credential.objects.filter(pk__in=[pk for pk, _serial, _version in rows]).update(
        revoked_at=timezone.now(), revoke_reason=reason
    )
    last = Revocation.objects.filter(event_id=event_id).aggregate(m=Max("seq"))["m"] or 0
    Revocation.objects.bulk_create(
        Revocation(event_id=event_id, seq=last + i, serial=serial, version=version, reason=reason)
        for i, (_pk, serial, version) in enumerate(rows, start=1)
    )
    return len(rows)


# --- Signing keys ---------------------------------------------------------------------------------


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
        sealed_seed=seal(seed),
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
