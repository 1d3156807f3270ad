"""The write path of the minimum levels: how many of a type a site, zone or post needs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.readiness import refs
from garrison.readiness.live_events import REQUIREMENT_CHANGED
from garrison.readiness.models import Requirement, ResourceType
from garrison.readiness.resources.checks import MAX_QUANTITY, error
from garrison.readiness.roles import LOGISTICS


def _place_lookup(place: refs.PlaceRef) -> dict[str, Any]:
    return {f"{kind}_id": place.id if kind == place.kind else None for kind in refs.KINDS}


def set_requirement(
    membership: Membership, type_id: int | None, place: str, quantity: int
) -> Requirement:
    """The place needs ``quantity`` of the type; an existing level for them is replaced."""
    require_role(membership, LOGISTICS)
    if (
        type_id is None
        or not ResourceType.objects.filter(event_id=membership.event_id, pk=type_id).exists()
    ):
        raise error(("unknown_type", {}, "type_id"))
    try:
        target = refs.parse(place)
    except ValueError:
        target = None
    if target is None or not refs.exists(membership.event_id, target):
        raise error(("unknown_place", {}, "place"))
    if quantity < 0:
        raise error(("negative_quantity", {}, "quantity"))
    if quantity == 0 or quantity > MAX_QUANTITY:
        raise DomainError(
            "bad_quantity",
            _("A minimum level is at least 1 and at most %(n)d.") % {"n": MAX_QUANTITY},
            field="quantity",
        )
    with transaction.atomic():
        requirement, _created = Requirement.objects.update_or_create(
            event_id=membership.event_id,
            type_id=type_id,
            defaults={"quantity": quantity},
            **_place_lookup(target),
        )
        record(
            Actor.of_user(membership.user),
            "readiness.requirement.set",
            requirement,
            event_id=membership.event_id,
            after={"type_id": type_id, "place": str(target), "quantity": quantity},
        )
        REQUIREMENT_CHANGED.emit(membership.event, {"id": requirement.pk})
    return requirement


def delete_requirement(membership: Membership, requirement: Requirement) -> None:
    require_role(membership, LOGISTICS)
    with transaction.atomic():
        record(
            Actor.of_user(membership.user),
            "readiness.requirement.deleted",
            requirement,
            event_id=membership.event_id,
            before={
                "type_id": requirement.type_id,
                "place": str(refs.of(requirement)),
                "quantity": requirement.quantity,
            },
        )
        REQUIREMENT_CHANGED.emit(membership.event, {"id": requirement.pk})
        requirement.delete()
