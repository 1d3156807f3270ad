"""The unit-scope hook.

A membership may be tied to a unit. Members with a unit-scoped role see only things that belong
to that unit or the units under it. The unit tree lives in ``forces``; until that app registers
its subtree resolver, a unit's subtree is the unit itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db.models import Model, QuerySet

from garrison.accounts.models import Membership
from garrison.accounts.roles import UNIT_SCOPED_ROLES

SubtreeResolver = Callable[[int], frozenset[int]]

_resolver: SubtreeResolver = lambda unit_id: frozenset({unit_id})  # noqa: E731

M = TypeVar("M", bound=Model)


def register_subtree_resolver(resolver: SubtreeResolver) -> None:
    """Called by the ``forces`` app once it holds the unit tree."""
    global _resolver
    _resolver = resolver


def unit_scope(membership: Membership) -> frozenset[int] | None:
    """Unit ids this membership is limited to, or None when it sees the whole event."""
    if membership.role not in UNIT_SCOPED_ROLES or membership.unit_id is None:
        return None
    return _resolver(membership.unit_id)


def filter_by_unit(
    queryset: QuerySet[M], membership: Membership, field: str = "unit_id"
) -> QuerySet[M]:
    """Narrow ``queryset`` to the membership's units; unchanged for event-wide roles."""
    units = unit_scope(membership)
    if units is None:
        return queryset
    return queryset.filter(**{f"{field}__in": units})
