"""The rules an item must keep, as problems with a code and parameters, checked without writing.

The services raise the first problem as a DomainError; the import lists every problem of every
row in the preview (in the reader's language, from the same messages), so a file and a form are
held to the same rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from garrison.core.errors import DomainError
from garrison.events.models import Site, Zone
from garrison.forces.models import Post, Unit
from garrison.readiness.models import Condition, Resource, ResourceStatus, ResourceType

MAX_QUANTITY = 1_000_000
LIMITS = {"identifier": 60, "notes": 300}

# (code, parameters, field)
Problem = tuple[str, dict[str, Any], str]


def reason_text(code: str, params: dict[str, Any]) -> str:
    """A problem in the reader's language."""
    messages = {
        "unknown_type": _("Choose a resource type of this event's catalogue."),
        "unknown_unit": _("Choose a unit of this event as the owner."),
        "unknown_place": _("Choose a site, zone or post of this event."),
        "negative_quantity": _("The quantity cannot be negative."),
        "bad_quantity": _("The quantity must be a whole number."),
        "too_many": _("The quantity is larger than %(n)d.") % {"n": MAX_QUANTITY},
        "item_quantity": _(
            "An item with an identifier counts as one: leave its quantity at 1 (counted types "
            "take a quantity)."
        ),
        "missing_identifier": _(
            "This type is counted item by item: give the item's identifier (serial number)."
        ),
        "identifier_taken": _("Another item of this event has the identifier “%(value)s”."),
        "duplicate_in_file": _("Same identifier as row %(row)d."),
        "expires_before_purchase": _("The expiry date is before the purchase date."),
        "bad_date": _("%(column)s: write the date as YYYY-MM-DD or DD/MM/YYYY."),
        "bad_status": _("Unknown status “%(value)s”."),
        "bad_condition": _("Unknown condition “%(value)s”."),
        "too_long": _("%(column)s is longer than %(n)d characters."),
        "bad_text": _("%(column)s holds characters that cannot be stored."),
        "not_in_service": _(
            "This item is %(status)s: only an item in service can be assigned to a place."
        ),
        "expired": _("This item expired on %(date)s: an expired item cannot be assigned."),
    }
    template = messages.get(code, _("The row is not valid."))
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template


def error(problem: Problem) -> DomainError:
    code, params, name = problem
    return DomainError(code, reason_text(code, params), field=name)


@dataclass
class Lookups:
    """What the checks need of the event, read once for a form or for a whole file."""

    event_id: int
    types: dict[int, bool]  # type id -> counted by quantity
    units: set[int]
    places: set[str]
    identifiers: dict[str, int] = field(default_factory=dict)  # identifier -> resource id

    @classmethod
    def of(cls, event_id: int) -> Lookups:
        places = {
            f"site:{pk}"
            for pk in Site.objects.filter(event_id=event_id).values_list("pk", flat=True)
        }
        places |= {
            f"zone:{pk}"
            for pk in Zone.objects.filter(event_id=event_id).values_list("pk", flat=True)
        }
        places |= {
            f"post:{pk}"
            for pk in Post.objects.filter(event_id=event_id).values_list("pk", flat=True)
        }
        return cls(
            event_id=event_id,
            types=dict(
                ResourceType.objects.filter(event_id=event_id).values_list("pk", "consumable")
            ),
            units=set(Unit.objects.filter(event_id=event_id).values_list("pk", flat=True)),
            places=places,
            identifiers=dict(
                Resource.objects.filter(event_id=event_id)
                .exclude(identifier="")
                .values_list("identifier", "pk")
            ),
        )


def text_problems(values: dict[str, str]) -> list[Problem]:
    found: list[Problem] = []
    for column, text in values.items():
        if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            found.append(("bad_text", {"column": column}, column))
        elif len(text) > LIMITS.get(column, 200):
            found.append(("too_long", {"column": column, "n": LIMITS.get(column, 200)}, column))
    return found


def item_problems(
    lookups: Lookups,
    *,
    type_id: int | None,
    owner_unit_id: int | None,
    identifier: str,
    quantity: int,
    place: str,
    status: str,
    condition: str,
    expires_on: dt.date | None,
    purchased_on: dt.date | None,
    resource_id: int | None = None,
) -> list[Problem]:
    """Every rule the item breaks; the place itself is checked, not whether it may go there."""
    found: list[Problem] = []
    if type_id not in lookups.types:
        found.append(("unknown_type", {}, "type_id"))
    if owner_unit_id not in lookups.units:
        found.append(("unknown_unit", {}, "owner_unit_id"))
    if place and place not in lookups.places:
        found.append(("unknown_place", {}, "place"))
    if quantity < 0:
        found.append(("negative_quantity", {}, "quantity"))
    elif quantity > MAX_QUANTITY:
        found.append(("too_many", {}, "quantity"))
    consumable = lookups.types.get(type_id or 0, False)
    if type_id in lookups.types and not consumable:
        if not identifier:
            found.append(("missing_identifier", {}, "identifier"))
        elif quantity >= 0 and quantity != 1:
            found.append(("item_quantity", {}, "quantity"))
    if identifier and lookups.identifiers.get(identifier, resource_id) != resource_id:
        found.append(("identifier_taken", {"value": identifier[:40]}, "identifier"))
    if status not in ResourceStatus.values:
        found.append(("bad_status", {"value": status[:40]}, "status"))
    if condition not in Condition.values:
        found.append(("bad_condition", {"value": condition[:40]}, "condition"))
    if expires_on and purchased_on and expires_on < purchased_on:
        found.append(("expires_before_purchase", {}, "expires_on"))
    return found


def assignable_problems(status: str, expires_on: dt.date | None, today: dt.date) -> list[Problem]:
    """Why an item in this state may not be put at a place (empty when it may)."""
    found: list[Problem] = []
    if status != ResourceStatus.IN_SERVICE:
        label = (
            str(ResourceStatus(status).label).lower() if status in ResourceStatus.values else status
        )
        found.append(("not_in_service", {"status": label}, "place"))
    if expires_on is not None and expires_on < today:
        found.append(
            ("expired", {"date": formats.date_format(expires_on, "SHORT_DATE_FORMAT")}, "place")
        )
    return found
