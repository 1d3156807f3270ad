"""The write path for people: details, photo, per-person extra grants and removals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.categories.services import (
    WindowData,
    actor,
    clean_window,
    text,
    window_summary,
    zone_of_event,
)
from garrison.accreditation.live_events import PERSON_CREATED, PERSON_DELETED, PERSON_UPDATED
from garrison.accreditation.models import Category, Person, PersonGrant
from garrison.accreditation.people.names import search_name
from garrison.accreditation.roles import OFFICERS
from garrison.audit.services import record
from garrison.core import personal
from garrison.core.errors import DomainError
from garrison.core.images import clean_photo


def dedupe_key(full_name: str, organisation: str) -> str:
    """Same person twice: same name and organisation, ignoring case and spacing.

    Diacritics are kept on purpose: in Vietnamese "Hà" and "Hạ" are different names.
    """
    return f"{' '.join(full_name.split()).casefold()}|{' '.join(organisation.split()).casefold()}"


@dataclass
class PersonData:
    full_name: str
    category_id: int
    organisation: str = ""
    position: str = ""
    ref: str = ""


def person_details(person: Person) -> dict[str, Any]:
    """The editable details, as the edit form starts from them (never for the audit log)."""
    return {
        "full_name": person.full_name,
        "category_id": person.category_id,
        "organisation": person.organisation,
        "position": person.position,
        "ref": person.ref,
    }


def person_summary(person: Person) -> dict[str, Any]:
    # The audit log outlives the person's data (garrison.audit.services): it names them by id
    # (the entry's object), keeps their category and whether they have a photo, and of an edit
    # which personal fields changed (``personal.changed``), never their values.
    return {"category": person.category.code, "photo": person.has_photo}


def category_of_event(membership: Membership, category_id: int) -> Category:
    category = Category.objects.filter(pk=category_id, event_id=membership.event_id).first()
    if category is None:
        raise DomainError("unknown_category", _("Not a category of this event."), field="category")
    return category


def clean_person(membership: Membership, data: PersonData) -> tuple[PersonData, Category]:
    category = category_of_event(membership, data.category_id)
    cleaned = PersonData(
        full_name=text(data.full_name, "full_name", max_length=200),
        category_id=category.pk,
        organisation=text(data.organisation, "organisation", max_length=200, required=False),
        position=text(data.position, "position", max_length=200, required=False),
        ref=text(data.ref, "ref", max_length=40, required=False),
    )
    return cleaned, category


def _check_duplicates(membership: Membership, data: PersonData, exclude: int | None) -> None:
    people = Person.objects.filter(event_id=membership.event_id)
    if exclude is not None:
        people = people.exclude(pk=exclude)
    if data.ref and people.filter(ref=data.ref).exists():
        raise DomainError(
            "duplicate_ref", _("Another person already has this reference."), field="ref"
        )
    if people.filter(dedupe_key=dedupe_key(data.full_name, data.organisation)).exists():
        raise DomainError(
            "duplicate_person",
            _("A person with this name and organisation is already accredited."),
            field="full_name",
        )


def create_person(membership: Membership, data: PersonData) -> Person:
    require_role(membership, OFFICERS)
    data, category = clean_person(membership, data)
    with transaction.atomic():
        _check_duplicates(membership, data, None)
        person = Person.objects.create(
            event_id=membership.event_id,
            dedupe_key=dedupe_key(data.full_name, data.organisation),
            search_name=search_name(data.full_name, data.organisation),
            **data.__dict__,
        )
        person.category = category
        record(
            actor(membership),
            "accreditation.person.created",
            person,
            event_id=membership.event_id,
            after=person_summary(person),
        )
        PERSON_CREATED.emit(membership.event, {"id": person.pk})
    return person


def _rights_changed(membership: Membership, person: Person) -> None:
    """A change of rights re-issues the person's credential (if any) with a new version."""
    from garrison.accreditation.credentials.services import reissue_after_change

    reissue_after_change(membership, person)


def update_person(membership: Membership, person: Person, data: PersonData) -> Person:
    require_role(membership, OFFICERS)
    data, category = clean_person(membership, data)
    with transaction.atomic():
        locked = (
            Person.objects.select_for_update()
            .select_related("category")
            .get(pk=person.pk, event_id=membership.event_id)
        )
        _check_duplicates(membership, data, locked.pk)
        before = person_summary(locked)
        details = personal.snapshot(locked)
        category_changed = locked.category_id != category.pk
        for name, value in data.__dict__.items():
            setattr(locked, name, value)
        locked.category = category
        locked.dedupe_key = dedupe_key(data.full_name, data.organisation)
        locked.search_name = search_name(data.full_name, data.organisation)
        locked.save()
        record(
            actor(membership),
            "accreditation.person.updated",
            locked,
            event_id=membership.event_id,
            before=before,
            after=person_summary(locked) | {"changed": personal.changed(details, locked)},
        )
        if category_changed:
            _rights_changed(membership, locked)
        PERSON_UPDATED.emit(membership.event, {"id": locked.pk})
    return locked


def delete_person(membership: Membership, person: Person) -> None:
    """Withdraw a person: their credentials are revoked first, then the record goes."""
    require_role(membership, OFFICERS)
    from garrison.accreditation.credentials.services import revoke_all_for

    with transaction.atomic():
        locked = (
            Person.objects.select_for_update()
            .select_related("category")
            .get(pk=person.pk, event_id=membership.event_id)
        )
        revoke_all_for(membership, locked, reason="withdrawn")
        before = person_summary(locked)
        pk, name = locked.pk, personal.pseudonym(locked) or ""
        locked.delete()
        record(
            actor(membership),
            "accreditation.person.deleted",
            None,
            event_id=membership.event_id,
            object_type="accreditation.person",
            object_id=str(pk),
            object_repr=name,
            before=before,
        )
        PERSON_DELETED.emit(membership.event, {"id": pk})


def set_photo(membership: Membership, person: Person, data: bytes, filename: str) -> Person:
    require_role(membership, OFFICERS)
    encoded, digest = clean_photo(data, filename)
    with transaction.atomic():
        locked = (
            Person.objects.select_for_update()
            .select_related("category")
            .get(pk=person.pk, event_id=membership.event_id)
        )
        # Whether there was one, not its digest: even that would tie the entry to the face.
        before = {"photo": locked.has_photo}
        locked.photo, locked.photo_sha256 = encoded, digest
        locked.save(update_fields=["photo", "photo_sha256"])
        record(
            actor(membership),
            "accreditation.person.photo_set",
            locked,
            event_id=membership.event_id,
            before=before,
            after={"photo": True},
        )
        PERSON_UPDATED.emit(membership.event, {"id": locked.pk})
    return locked


def set_person_grant(
    membership: Membership,
    person: Person,
    zone_id: int,
    kind: str | None,
    window: WindowData | None = None,
) -> PersonGrant | None:
    """An extra zone (``kind="extra"`` with a window), a removal, or ``None`` to undo either."""
    require_role(membership, OFFICERS)
    if person.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    zone = zone_of_event(membership, zone_id)
    if kind not in (None, *PersonGrant.Kind.values):
        raise DomainError("invalid_choice", _("Unknown kind of change."), field="kind")
    if kind == PersonGrant.Kind.EXTRA:
        if window is None:
            raise DomainError("required", _("An extra grant needs its days."), field="first_day")
        window = clean_window(membership, window)
    with transaction.atomic():
        current = PersonGrant.objects.select_for_update().filter(person=person, zone=zone).first()
        before = {"kind": current.kind, **window_summary(current)} if current else None
        grant: PersonGrant | None = None
        if kind is None:
            if current is None:
                return None
            current.delete()
        else:
            days = window or WindowData(
                membership.event.starts_on, membership.event.ends_on
            )  # a removal keeps a window only because the table shares the shape
            grant, _created = PersonGrant.objects.update_or_create(
                person=person, zone=zone, defaults={"kind": kind, **days.__dict__}
            )
        record(
            actor(membership),
            "accreditation.person_grant.changed",
            person,
            event_id=membership.event_id,
            before={"zone": zone.code, "change": before},
            after={
                "zone": zone.code,
                "change": {"kind": grant.kind, **window_summary(grant)} if grant else None,
            },
        )
        _rights_changed(membership, person)
        PERSON_UPDATED.emit(membership.event, {"id": person.pk})
    return grant
