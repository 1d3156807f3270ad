"""The write path for force members and the qualifications they hold.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
Planners define qualifications; members are edited like the tree (``units.services``): the
planners anywhere, a unit commander only inside their own subtree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import personal
from garrison.core.errors import DomainError
from garrison.core.validate import text as _text
from garrison.forces.access import in_scope
from garrison.forces.live_events import MEMBER_CREATED, MEMBER_DELETED, MEMBER_UPDATED
from garrison.forces.models import ForceMember, Qualification, Unit
from garrison.forces.roles import PLANNERS
from garrison.forces.units.services import require_editor, require_unit_in_scope


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


# --- Qualifications -----------------------------------------------------------------------------


@dataclass
class QualificationData:
    code: str
    name: str


def create_qualification(membership: Membership, data: QualificationData) -> Qualification:
    require_role(membership, PLANNERS)
    code = _text(data.code, "code", max_length=32).lower()
    name = _text(data.name, "name", max_length=120)
    try:
        with transaction.atomic():
            qualification = Qualification.objects.create(
                event_id=membership.event_id, code=code, name=name
            )
            record(
                _actor(membership),
                "forces.qualification.created",
                qualification,
                event_id=membership.event_id,
                after={"code": code, "name": name},
            )
    except IntegrityError as exc:
        raise DomainError(
            "duplicate",
            _("A qualification with this code already exists in the event."),
            status=409,
            field="code",
        ) from exc
    return qualification


# --- Members ------------------------------------------------------------------------------------


@dataclass
class MemberData:
    full_name: str
    unit_id: int
    rank: str = ""
    contact: str = ""
    qualification_ids: list[int] = field(default_factory=list)
    user_id: int | None = None


def member_details(member: ForceMember) -> dict[str, Any]:
    """The editable details, as the edit form starts from them (never for the audit log)."""
    return {
        "full_name": member.full_name,
        "contact": member.contact,
        **member_summary(member),
    }


def member_summary(member: ForceMember) -> dict[str, Any]:
    return _summary(member, [q.pk for q in member.qualifications.all()])


def _summary(member: ForceMember, qualification_ids: Sequence[int]) -> dict[str, Any]:
    # No name or contact: the audit log outlives them (garrison.audit.services); an edit says
    # which of them changed (``personal.changed``).
    return {
        "unit_id": member.unit_id,
        "rank": member.rank,
        "qualification_ids": sorted(qualification_ids),
        "user_id": member.user_id,
    }


@dataclass
class _Lookups:
    """What checking members needs from the database, read once for a whole batch of rows."""

    units: set[int]  # the rows' units that are this event's and within the editor's scope
    qualifications: dict[int, Qualification]  # the rows' qualifications of this event
    linked_users: set[int]  # the rows' users who are members of this event

    @classmethod
    def of(cls, membership: Membership, rows: Sequence[MemberData]) -> _Lookups:
        event_id = membership.event_id
        unit_ids = Unit.objects.filter(
            event_id=event_id, pk__in={row.unit_id for row in rows}
        ).values_list("pk", flat=True)
        wanted = {pk for row in rows for pk in row.qualification_ids}
        users = {row.user_id for row in rows if row.user_id is not None}
        return cls(
            units={pk for pk in unit_ids if in_scope(membership, pk)},
            qualifications={
                q.pk: q for q in Qualification.objects.filter(event_id=event_id, pk__in=wanted)
            }
            if wanted
            else {},
            linked_users=set(
                Membership.objects.filter(event_id=event_id, user_id__in=users).values_list(
                    "user_id", flat=True
                )
            )
            if users
            else set(),
        )


def _clean_member(lookups: _Lookups, data: MemberData) -> tuple[MemberData, list[Qualification]]:
    if data.unit_id not in lookups.units:
        raise DomainError("invalid_unit", _("Choose a unit of this event."), field="unit_id")
    wanted = set(data.qualification_ids)
    qualifications = [lookups.qualifications[pk] for pk in wanted if pk in lookups.qualifications]
    if len(qualifications) != len(wanted):
        raise DomainError(
            "invalid_qualification",
            _("Choose qualifications of this event."),
            field="qualification_ids",
        )
    if data.user_id is not None and data.user_id not in lookups.linked_users:
        raise DomainError(
            "invalid_user", _("Link only a user who is a member of this event."), field="user_id"
        )
    cleaned = MemberData(
        full_name=_text(data.full_name, "full_name", max_length=200),
        unit_id=data.unit_id,
        rank=_text(data.rank, "rank", max_length=80, required=False),
        contact=_text(data.contact, "contact", max_length=120, required=False),
        qualification_ids=sorted(wanted),
        user_id=data.user_id,
    )
    return cleaned, qualifications


def _duplicate_user() -> DomainError:
    return DomainError(
        "duplicate",
        _("This user is already linked to another force member."),
        status=409,
        field="user_id",
    )


def _member_fields(data: MemberData) -> dict[str, Any]:
    return {k: v for k, v in data.__dict__.items() if k != "qualification_ids"}


def create_member(membership: Membership, data: MemberData) -> ForceMember:
    return create_members(membership, [data])[0]


def create_members(membership: Membership, rows: Sequence[MemberData]) -> list[ForceMember]:
    """Add members in one transaction: all of them, or none if any row is refused.

    Each row is checked, audited and announced as a single one would be; only the lookups the
    checks need are shared (one query each for the whole batch), so a unit's roll of two hundred
    people costs a few hundred statements rather than a couple of thousand.
    """
    require_editor(membership)
    lookups = _Lookups.of(membership, rows)
    cleaned = [_clean_member(lookups, row) for row in rows]
    members: list[ForceMember] = []
    links = ForceMember.qualifications.through
    try:
        with transaction.atomic():
            for data, qualifications in cleaned:
                member = ForceMember.objects.create(
                    event_id=membership.event_id, **_member_fields(data)
                )
                # A new member has no qualification to keep or remove: their links are written
                # as they are, in one statement, and the summary is the one they make.
                links.objects.bulk_create(
                    links(forcemember_id=member.pk, qualification_id=q.pk) for q in qualifications
                )
                record(
                    _actor(membership),
                    "forces.member.created",
                    member,
                    event_id=membership.event_id,
                    after=_summary(member, [q.pk for q in qualifications]),
                )
                MEMBER_CREATED.emit(
                    membership.event,
                    {"id": member.pk, "unit_id": member.unit_id},
                    unit_ids=[member.unit_id],
                )
                members.append(member)
    except IntegrityError as exc:
        raise _duplicate_user() from exc
    return members


def update_member(membership: Membership, member: ForceMember, data: MemberData) -> ForceMember:
    require_editor(membership)
    require_unit_in_scope(membership, member.unit_id)
    data, qualifications = _clean_member(_Lookups.of(membership, [data]), data)
    try:
        with transaction.atomic():
            before = member_summary(member)
            details = personal.snapshot(member)
            old_unit = member.unit_id
            for key, value in _member_fields(data).items():
                setattr(member, key, value)
            member.save()
            member.qualifications.set(qualifications)
            record(
                _actor(membership),
                "forces.member.updated",
                member,
                event_id=membership.event_id,
                before=before,
                after=member_summary(member) | {"changed": personal.changed(details, member)},
            )
            MEMBER_UPDATED.emit(
                membership.event,
                {"id": member.pk, "unit_id": member.unit_id},
                unit_ids=sorted({old_unit, member.unit_id}),
            )
    except IntegrityError as exc:
        raise _duplicate_user() from exc
    return member


def delete_member(membership: Membership, member: ForceMember) -> None:
    require_editor(membership)
    require_unit_in_scope(membership, member.unit_id)
    with transaction.atomic():
        record(
            _actor(membership),
            "forces.member.deleted",
            member,
            event_id=membership.event_id,
            before=member_summary(member),
        )
        MEMBER_DELETED.emit(
            membership.event,
            {"id": member.pk},
            unit_ids=[member.unit_id],
        )
        member.delete()
