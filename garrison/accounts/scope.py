"""The unit-scope hook.

A membership may be tied to a unit. Members with a unit-scoped role see only things that belong
to that unit or the units under it. The unit tree lives in ``forces``; until that app registers
its subtree resolver, a unit's subtree is the unit itself, and until it registers its unit check,
no unit exists (a unit role cannot be given).

Unit roles fail closed: the membership service refuses one without a unit of the event, and a
row stored without one anyway (before that check, or by hand) sees none of the units' data
rather than the whole event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet

from garrison.accounts.models import Membership
from garrison.accounts.roles import UNIT_SCOPED_ROLES

SubtreeResolver = Callable[[int], frozenset[int]]
# (event id, unit id) → whether the event has that unit.
UnitCheck = Callable[[int, int], bool]

_resolver: SubtreeResolver = lambda unit_id: frozenset({unit_id})  # noqa: E731
_unit_check: UnitCheck = lambda event_id, unit_id: False  # noqa: E731

M = TypeVar("M", bound=Model)


def register_subtree_resolver(resolver: SubtreeResolver) -> None:
    """Called by the ``forces`` app once it holds the unit tree."""
    global _resolver
    _resolver = resolver


def register_unit_check(check: UnitCheck) -> None:
    """Called by the ``forces`` app: it knows which units each event has."""
    global _unit_check
    _unit_check = check


def is_unit_of(event_id: int, unit_id: int) -> bool:
    """Whether ``unit_id`` is one of the event's units (the membership service asks)."""
    return _unit_check(event_id, unit_id)


def unit_scope(membership: Membership) -> frozenset[int] | None:
    """Unit ids this membership is limited to, or None when it sees the whole event.

    A unit role without a unit is limited to no unit at all: it must never widen to the event.
    """
    if membership.role not in UNIT_SCOPED_ROLES:
        return None
    if membership.unit_id is None:
        return frozenset()
    return _resolver(membership.unit_id)


def filter_by_unit(
    queryset: QuerySet[M], membership: Membership, field: str = "unit_id"
) -> QuerySet[M]:
    """Narrow ``queryset`` to the membership's units; unchanged for event-wide roles."""
    units = unit_scope(membership)
    if units is None:
        return queryset
    return queryset.filter(**{f"{field}__in": units})
