"""The write path for the command tree's units (members and qualifications: ``members``).

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
Commanders and planners edit the whole tree; a unit commander edits only their unit's subtree,
and anything outside it is "not found" (404), as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError, Forbidden, NotFound
from garrison.core.validate import text as _text
from garrison.events.models import Site
from garrison.forces.access import in_scope
from garrison.forces.live_events import UNIT_CREATED, UNIT_DELETED, UNIT_UPDATED
from garrison.forces.models import Unit, UnitType
from garrison.forces.roles import SUBTREE_EDITORS, TREE_EDITORS
from garrison.forces.units.tree import ancestors_ids, path_of

MAX_DEPTH = 12


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


def require_editor(membership: Membership) -> None:
    require_role(membership, TREE_EDITORS)
    if membership.role in SUBTREE_EDITORS and membership.unit_id is None:
        raise Forbidden(_("Only a unit commander attached to a unit can change the tree."))


def require_unit_in_scope(membership: Membership, unit_id: int) -> None:
    if not in_scope(membership, unit_id):
        raise NotFound(_("Not found."))


# --- Units --------------------------------------------------------------------------------------


@dataclass
class UnitData:
    name: str
    code: str
    type: str
    parent_id: int | None = None
    base_site_id: int | None = None
    lat: float | None = None
    lon: float | None = None


def unit_summary(unit: Unit) -> dict[str, Any]:
    return {
        "name": unit.name,
        "code": unit.code,
        "type": unit.type,
        "parent_id": unit.parent_id,
        "base_site_id": unit.base_site_id,
        "lat": unit.lat,
        "lon": unit.lon,
    }


def _clean_parent(membership: Membership, parent_id: int | None, unit: Unit | None) -> Unit | None:
    """The parent unit: of this event, inside the editor's scope, never below ``unit`` itself."""
    unchanged = unit is not None and unit.parent_id == parent_id
    if parent_id is None:
        if membership.role in SUBTREE_EDITORS and not unchanged:
            # A top-level unit is the whole command's business, not one unit's.
            raise DomainError(
                "invalid_parent", _("Choose a parent unit of this event."), field="parent_id"
            )
        return None
    parent = Unit.objects.filter(pk=parent_id, event_id=membership.event_id).first()
    # Keeping the parent one already has is fine even outside the scope: a unit commander may
    # rename their own unit without seeing the unit above it.
    if parent is None or not (unchanged or in_scope(membership, parent.pk)):
        raise DomainError(
            "invalid_parent", _("Choose a parent unit of this event."), field="parent_id"
        )
    if unit is not None and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
        raise DomainError(
            "cycle",
            _("A unit cannot be placed under itself or one of its own sub-units."),
            field="parent_id",
        )
    if parent.depth + 1 >= MAX_DEPTH:
        raise DomainError("too_deep", _("The tree is too deep here."), field="parent_id")
    return parent


def _clean_unit(
    membership: Membership, data: UnitData, unit: Unit | None
) -> tuple[Unit | None, UnitData]:
    if data.type not in UnitType.values:
        raise DomainError(
            "invalid_choice",
            _("Unknown value “%(value)s”.") % {"value": data.type[:40]},
            field="type",
        )
    if (
        unit is not None
        and membership.role in SUBTREE_EDITORS
        and unit.pk == membership.unit_id
        and data.parent_id != unit.parent_id
    ):
        raise DomainError("invalid_parent", _("You cannot move your own unit."), field="parent_id")
    parent = _clean_parent(membership, data.parent_id, unit)
    if (
        data.base_site_id is not None
        and not Site.objects.filter(pk=data.base_site_id, event_id=membership.event_id).exists()
    ):
        raise DomainError("invalid_site", _("Choose a site of this event."), field="base_site_id")
    if (data.lat is None) != (data.lon is None):
        raise DomainError(
            "invalid_point", _("Give both latitude and longitude, or neither."), field="lat"
        )
    if (
        data.lat is not None
        and data.lon is not None
        and not (-90 <= data.lat <= 90 and -180 <= data.lon <= 180)
    ):
        raise DomainError("invalid_point", _("The point is not on Earth."), field="lat")
    return parent, UnitData(
        name=_text(data.name, "name", max_length=200),
        code=_text(data.code, "code", max_length=32).upper(),
        type=data.type,
        parent_id=data.parent_id,
        base_site_id=data.base_site_id,
        lat=data.lat,
        lon=data.lon,
    )


def _duplicate_code() -> DomainError:
    return DomainError(
        "duplicate",
        _("A unit with this code already exists in the event."),
        status=409,
        field="code",
    )


def _unit_ids(unit: Unit) -> list[int]:
    # Live events reach the unit itself and every unit above it (their commanders see it).
    return [*ancestors_ids(unit)] or [unit.pk]


def create_unit(membership: Membership, data: UnitData) -> Unit:
    require_editor(membership)
    parent, data = _clean_unit(membership, data, None)
    try:
        with transaction.atomic():
            unit = Unit.objects.create(event_id=membership.event_id, **data.__dict__)
            unit.path = path_of(parent, unit.pk)
            unit.save(update_fields=["path"])
            record(
                _actor(membership),
                "forces.unit.created",
                unit,
                event_id=membership.event_id,
                after=unit_summary(unit),
            )
            UNIT_CREATED.emit(
                membership.event,
                {"id": unit.pk, "name": unit.name, "parent_id": unit.parent_id},
                unit_ids=_unit_ids(unit),
            )
    except IntegrityError as exc:
        raise _duplicate_code() from exc
    return unit


def update_unit(membership: Membership, unit: Unit, data: UnitData) -> Unit:
    require_editor(membership)
    require_unit_in_scope(membership, unit.pk)
    parent, data = _clean_unit(membership, data, unit)
    try:
        with transaction.atomic():
            before = unit_summary(unit)
            old_path = unit.path
            for key, value in data.__dict__.items():
                setattr(unit, key, value)
            unit.path = path_of(parent, unit.pk)
            unit.save()
            if unit.path != old_path:
                # Moving a unit moves its whole subtree: rewrite every descendant's prefix.
                moved = list(
                    Unit.objects.filter(event_id=unit.event_id, path__startswith=old_path).exclude(
                        pk=unit.pk
                    )
                )
                for child in moved:
                    child.path = unit.path + child.path[len(old_path) :]
                Unit.objects.bulk_update(moved, ["path"])
            record(
                _actor(membership),
                "forces.unit.updated",
                unit,
                event_id=membership.event_id,
                before=before,
                after=unit_summary(unit),
            )
            UNIT_UPDATED.emit(
                membership.event,
                {"id": unit.pk, "name": unit.name, "parent_id": unit.parent_id},
                unit_ids=_unit_ids(unit),
            )
    except IntegrityError as exc:
        raise _duplicate_code() from exc
    return unit


def delete_unit(membership: Membership, unit: Unit) -> None:
    require_editor(membership)
    require_unit_in_scope(membership, unit.pk)
    if membership.role in SUBTREE_EDITORS and unit.pk == membership.unit_id:
        raise Forbidden(_("You cannot delete your own unit."))
    if unit.children.exists() or unit.members.exists():
        raise DomainError(
            "not_empty",
            _("Move or delete its sub-units and members first."),
            status=409,
        )
    with transaction.atomic():
        unit_ids = _unit_ids(unit)
        record(
            _actor(membership),
            "forces.unit.deleted",
            unit,
            event_id=membership.event_id,
            before=unit_summary(unit),
        )
        UNIT_DELETED.emit(membership.event, {"id": unit.pk}, unit_ids=unit_ids)
        unit.delete()
