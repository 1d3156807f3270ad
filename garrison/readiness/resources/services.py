"""The write path of the inventory: take items in, edit them, and assign, return, check and
repair them, each change written to the item's history and the audit log in one transaction.

The rule the whole inventory keeps: no path puts an item that is out of service, in maintenance
or expired at a place. An item already at a place that breaks or expires there stays recorded
where it is (that is the truth on the ground) but no longer counts as ready.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.readiness import refs
from garrison.readiness.live_events import RESOURCE_CHANGED
from garrison.readiness.models import Action, Condition, Resource, ResourceEvent, ResourceStatus
from garrison.readiness.resources import checks
from garrison.readiness.roles import LOGISTICS


def units_of(resource: Resource) -> list[int]:
    """Who hears of an item besides the event-wide roles: its owner unit's commanders."""
    return [resource.owner_unit_id] if resource.owner_unit_id is not None else []


def today_of(event: Event) -> dt.date:
    """The event's calendar day now: dates of expiry and inspection are read in its time zone."""
    return timezone.localdate(timezone.now(), event.tzinfo)


@dataclass
class ResourceData:
    type_id: int | None
    owner_unit_id: int | None
    identifier: str = ""
    quantity: int = 1
    place: str = ""  # "site:3", "zone:5", "post:12"; "" in store
    status: str = ResourceStatus.IN_SERVICE
    condition: str = Condition.GOOD
    inspection_due: dt.date | None = None
    expires_on: dt.date | None = None
    purchased_on: dt.date | None = None
    notes: str = ""


def summary(resource: Resource) -> dict[str, Any]:
    return {
        "type_id": resource.type_id,
        "identifier": resource.identifier,
        "quantity": resource.quantity,
        "owner_unit_id": resource.owner_unit_id,
        "place": str(refs.of(resource) or ""),
        "status": resource.status,
        "condition": resource.condition,
        "inspection_due": resource.inspection_due,
        "expires_on": resource.expires_on,
        "purchased_on": resource.purchased_on,
    }


def data_of(resource: Resource) -> ResourceData:
    return ResourceData(
        type_id=resource.type_id,
        owner_unit_id=resource.owner_unit_id,
        identifier=resource.identifier,
        quantity=resource.quantity,
        place=str(refs.of(resource) or ""),
        status=resource.status,
        condition=resource.condition,
        inspection_due=resource.inspection_due,
        expires_on=resource.expires_on,
        purchased_on=resource.purchased_on,
        notes=resource.notes,
    )


def clean(
    lookups: checks.Lookups, data: ResourceData, today: dt.date, resource_id: int | None = None
) -> list[checks.Problem]:
    """Every problem of ``data`` (an empty list: it may be saved as it is)."""
    values = {"identifier": data.identifier or "", "notes": data.notes or ""}
    found = checks.text_problems(values)
    found += checks.item_problems(
        lookups,
        type_id=data.type_id,
        owner_unit_id=data.owner_unit_id,
        identifier=" ".join((data.identifier or "").split()),
        quantity=data.quantity,
        place=data.place,
        status=data.status,
        condition=data.condition,
        expires_on=data.expires_on,
        purchased_on=data.purchased_on,
        resource_id=resource_id,
    )
    if data.place and not found:
        found += checks.assignable_problems(data.status, data.expires_on, today)
    return found


def apply_data(resource: Resource, data: ResourceData) -> None:
    """Copy cleaned ``data`` (its type and owner checked) onto the row."""
    if data.type_id is None or data.owner_unit_id is None:
        raise checks.error(("unknown_type" if data.type_id is None else "unknown_unit", {}, ""))
    resource.type_id = data.type_id
    resource.owner_unit_id = data.owner_unit_id
    resource.identifier = " ".join((data.identifier or "").split())
    resource.quantity = data.quantity
    resource.status = data.status
    resource.condition = data.condition
    resource.inspection_due = data.inspection_due
    resource.expires_on = data.expires_on
    resource.purchased_on = data.purchased_on
    resource.notes = validate.text(
        data.notes, "notes", max_length=300, required=False, one_line=True
    )


def set_place(resource: Resource, place: refs.PlaceRef | None) -> None:
    for kind in refs.KINDS:
        setattr(resource, f"{kind}_id", place.id if place and place.kind == kind else None)


def history_line(
    membership: Membership | None, resource: Resource, action: str, note: str = "", place: str = ""
) -> ResourceEvent:
    return ResourceEvent(
        resource=resource,
        action=action,
        at=timezone.now(),
        by=membership.user if membership else None,
        place=place[:250],
        status=resource.status,
        condition=resource.condition,
        note=note[:300],
    )


def _changed(membership: Membership, resource: Resource, action: str) -> None:
    RESOURCE_CHANGED.emit(
        membership.event,
        {
            "id": resource.pk,
            "type_id": resource.type_id,
            "action": action,
            "status": resource.status,
            "place": str(refs.of(resource) or ""),
        },
        unit_ids=units_of(resource),
    )


def _place_label(resource: Resource) -> str:
    place = resource.place
    return str(place) if place is not None else ""


def create_resource(membership: Membership, data: ResourceData) -> Resource:
    require_role(membership, LOGISTICS)
    problems = clean(checks.Lookups.of(membership.event_id), data, today_of(membership.event))
    if problems:
        raise checks.error(problems[0])
    with transaction.atomic():
        resource = Resource(event_id=membership.event_id)
        apply_data(resource, data)
        set_place(resource, refs.parse(data.place))
        resource.save()
        history_line(membership, resource, Action.CREATED, place=_place_label(resource)).save()
        record(
            Actor.of_user(membership.user),
            "readiness.resource.created",
            resource,
            event_id=membership.event_id,
            after=summary(resource),
        )
        _changed(membership, resource, Action.CREATED)
    return resource


def update_resource(membership: Membership, resource: Resource, data: ResourceData) -> Resource:
    """Change what is known of an item; where it is changes only by assigning or returning."""
    require_role(membership, LOGISTICS)
    data.place = str(refs.of(resource) or "")
    problems = clean(
        checks.Lookups.of(membership.event_id), data, today_of(membership.event), resource.pk
    )
    # An item already in place that is now marked out of service stays where it is.
    problems = [p for p in problems if p[0] not in ("not_in_service", "expired")]
    if problems:
        raise checks.error(problems[0])
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(
            pk=resource.pk, event_id=membership.event_id
        )
        before = summary(locked)
        apply_data(locked, data)
        locked.save()
        history_line(membership, locked, Action.EDITED, place=_place_label(locked)).save()
        record(
            Actor.of_user(membership.user),
            "readiness.resource.updated",
            locked,
            event_id=membership.event_id,
            before=before,
            after=summary(locked),
        )
        _changed(membership, locked, Action.EDITED)
    return locked


def _act(
    membership: Membership,
    resource: Resource,
    action: str,
    audit_action: str,
    change: Any,
    note: str,
) -> Resource:
    note = validate.text(note, "note", max_length=300, required=False, one_line=True)
    with transaction.atomic():
        locked = (
            Resource.objects.select_for_update()
            .select_related("type", "site", "zone", "post")
            .get(pk=resource.pk, event_id=membership.event_id)
        )
        before = summary(locked)
        change(locked)
        locked.save()
        history_line(membership, locked, action, note, _place_label(locked)).save()
        record(
            Actor.of_user(membership.user),
            audit_action,
            locked,
            event_id=membership.event_id,
            before=before,
            after=summary(locked),
        )
        _changed(membership, locked, action)
    return locked


def assign_resource(
    membership: Membership, resource: Resource, place: str, note: str = ""
) -> Resource:
    """Put the item at a site, zone or post: refused unless it is in service and not expired."""
    require_role(membership, LOGISTICS)
    try:
        target = refs.parse(place)
    except ValueError:
        target = None
    if target is None or not refs.exists(membership.event_id, target):
        raise checks.error(("unknown_place", {}, "place"))
    today = today_of(membership.event)

    def change(locked: Resource) -> None:
        # Checked on the locked row: a repair recorded a moment ago is seen.
        problems = checks.assignable_problems(locked.status, locked.expires_on, today)
        if problems:
            raise checks.error(problems[0])
        set_place(locked, target)

    return _act(membership, resource, Action.ASSIGNED, "readiness.resource.assigned", change, note)


def return_resource(membership: Membership, resource: Resource, note: str = "") -> Resource:
    """Bring the item back to store from wherever it was."""
    require_role(membership, LOGISTICS)
    return _act(
        membership,
        resource,
        Action.RETURNED,
        "readiness.resource.returned",
        lambda r: set_place(r, None),
        note,
    )


def check_resource(
    membership: Membership,
    resource: Resource,
    condition: str,
    next_inspection: dt.date | None,
    note: str = "",
) -> Resource:
    """Record an inspection: the condition found and when the next one is due."""
    require_role(membership, LOGISTICS)
    condition = validate.choice(condition, Condition, "condition")
    today = today_of(membership.event)
    if next_inspection is not None and next_inspection < today:
        raise DomainError(
            "inspection_in_past",
            _("The next inspection cannot be due before today."),
            field="next_inspection",
        )

    def change(locked: Resource) -> None:
        locked.condition = condition
        locked.inspection_due = next_inspection

    return _act(membership, resource, Action.CHECKED, "readiness.resource.checked", change, note)


def repair_resource(
    membership: Membership, resource: Resource, status: str, note: str = ""
) -> Resource:
    """Record a repair step: sent to maintenance, written off as out of service, or back in
    service."""
    require_role(membership, LOGISTICS)
    status = validate.choice(status, ResourceStatus, "status")

    def change(locked: Resource) -> None:
        locked.status = status

    return _act(membership, resource, Action.REPAIRED, "readiness.resource.repaired", change, note)
