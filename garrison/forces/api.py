"""HTTP API of the command tree: thin handlers over the units' and members' services.

Reads are scoped like the screens (a unit commander sees their subtree; anything else is 404);
the services authorise and validate writes. Members only: devices are refused by ``user_auth``.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import P, PathEx, Query, Router, Status

from garrison.accounts.access import access_event_by_slug
from garrison.accounts.api_auth import READ_ERRORS, WRITE_ERRORS, auth_user, responses, user_auth
from garrison.accounts.models import Membership
from garrison.events.models import Event
from garrison.events.schemas import MAX_ID, SLUG_PATTERN
from garrison.forces.access import (
    access_member_by_id,
    access_unit_by_id,
    visible_members,
    visible_units,
)
from garrison.forces.members import services as member_services
from garrison.forces.models import Qualification
from garrison.forces.schemas import (
    MemberIn,
    MemberOut,
    QualificationIn,
    QualificationOut,
    UnitIn,
    UnitOut,
)
from garrison.forces.units import services as unit_services

router = Router(tags=["forces"], auth=user_auth)

Slug = PathEx[str, P(pattern=SLUG_PATTERN, max_length=60, description="The event's short name.")]
ObjectId = PathEx[int, P(ge=1, le=MAX_ID)]
# Bounded like every id: a larger number cannot be stored and would fail in the database (500).
QueryId = Annotated[int | None, Query(None, ge=1, le=MAX_ID)]


def _member(request: HttpRequest, slug: str) -> tuple[Event, Membership]:
    event, membership = access_event_by_slug(auth_user(request), slug)
    membership.event = event
    return event, membership


def _unit_data(payload: UnitIn) -> unit_services.UnitData:
    return unit_services.UnitData(
        name=payload.name,
        code=payload.code,
        type=payload.type,
        parent_id=payload.parent_id,
        base_site_id=payload.base_site_id,
        lat=None if payload.lat is None else float(payload.lat),
        lon=None if payload.lon is None else float(payload.lon),
    )


def _member_data(payload: MemberIn) -> member_services.MemberData:
    return member_services.MemberData(
        full_name=payload.full_name,
        unit_id=payload.unit_id,
        rank=payload.rank,
        contact=payload.contact,
        qualification_ids=list(payload.qualification_ids),
        user_id=payload.user_id,
    )


# --- Units --------------------------------------------------------------------------------------


@router.get(
    "/{event}/units",
    url_name="forces_unit_list",
    response=responses({200: list[UnitOut]}, READ_ERRORS),
)
def list_units(request: HttpRequest, event: Slug) -> list[UnitOut]:
    """The units the caller may see, parents before their children."""
    _ev, membership = _member(request, event)
    return [UnitOut.of(u) for u in visible_units(membership)]


@router.post(
    "/{event}/units",
    url_name="forces_unit_create",
    response=responses({201: UnitOut}, WRITE_ERRORS),
)
def create_unit(request: HttpRequest, event: Slug, payload: UnitIn) -> Status[UnitOut]:
    _ev, membership = _member(request, event)
    return Status(201, UnitOut.of(unit_services.create_unit(membership, _unit_data(payload))))


@router.get(
    "/{event}/units/{unit_id}",
    url_name="forces_unit_detail",
    response=responses({200: UnitOut}, READ_ERRORS),
)
def get_unit(request: HttpRequest, event: Slug, unit_id: ObjectId) -> UnitOut:
    ev, _membership = _member(request, event)
    return UnitOut.of(access_unit_by_id(auth_user(request), ev, unit_id))


@router.put(
    "/{event}/units/{unit_id}",
    url_name="forces_unit_update",
    response=responses({200: UnitOut}, WRITE_ERRORS),
)
def update_unit(request: HttpRequest, event: Slug, unit_id: ObjectId, payload: UnitIn) -> UnitOut:
    ev, membership = _member(request, event)
    unit = access_unit_by_id(auth_user(request), ev, unit_id)
    return UnitOut.of(unit_services.update_unit(membership, unit, _unit_data(payload)))


# --- Qualifications -----------------------------------------------------------------------------


@router.get(
    "/{event}/qualifications",
    url_name="forces_qualification_list",
    response=responses({200: list[QualificationOut]}, READ_ERRORS),
)
def list_qualifications(request: HttpRequest, event: Slug) -> list[QualificationOut]:
    ev, _membership = _member(request, event)
    return [QualificationOut.of(q) for q in Qualification.objects.filter(event=ev)]


@router.post(
    "/{event}/qualifications",
    url_name="forces_qualification_create",
    response=responses({201: QualificationOut}, WRITE_ERRORS),
)
def create_qualification(
    request: HttpRequest, event: Slug, payload: QualificationIn
) -> Status[QualificationOut]:
    _ev, membership = _member(request, event)
    data = member_services.QualificationData(code=payload.code, name=payload.name)
    return Status(201, QualificationOut.of(member_services.create_qualification(membership, data)))


# --- Members ------------------------------------------------------------------------------------


@router.get(
    "/{event}/members",
    url_name="forces_member_list",
    response=responses({200: list[MemberOut]}, READ_ERRORS),
)
def list_members(request: HttpRequest, event: Slug, unit_id: QueryId = None) -> list[MemberOut]:
    """The members the caller may see; ``unit_id`` narrows to one home unit."""
    _ev, membership = _member(request, event)
    members = visible_members(membership).prefetch_related("qualifications")
    if unit_id is not None:
        members = members.filter(unit_id=unit_id)
    return [MemberOut.of(m) for m in members]


@router.post(
    "/{event}/members",
    url_name="forces_member_create",
    response=responses({201: MemberOut}, WRITE_ERRORS),
)
def create_member(request: HttpRequest, event: Slug, payload: MemberIn) -> Status[MemberOut]:
    _ev, membership = _member(request, event)
    return Status(
        201, MemberOut.of(member_services.create_member(membership, _member_data(payload)))
    )


@router.get(
    "/{event}/members/{member_id}",
    url_name="forces_member_detail",
    response=responses({200: MemberOut}, READ_ERRORS),
)
def get_member(request: HttpRequest, event: Slug, member_id: ObjectId) -> MemberOut:
    ev, _membership = _member(request, event)
    return MemberOut.of(access_member_by_id(auth_user(request), ev, member_id))


@router.put(
    "/{event}/members/{member_id}",
    url_name="forces_member_update",
    response=responses({200: MemberOut}, WRITE_ERRORS),
)
def update_member(
    request: HttpRequest, event: Slug, member_id: ObjectId, payload: MemberIn
) -> MemberOut:
    ev, membership = _member(request, event)
    member = access_member_by_id(auth_user(request), ev, member_id)
    return MemberOut.of(member_services.update_member(membership, member, _member_data(payload)))
