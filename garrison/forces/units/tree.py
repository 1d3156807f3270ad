"""Reading the command tree: subtrees (the unit-scope resolver) and nested listings."""

from __future__ import annotations

from collections.abc import Iterable

from garrison.forces.models import Unit


def subtree_ids(unit_id: int) -> frozenset[int]:
    """The unit and every unit under it.

    Registered with ``accounts.scope``: a unit commander attached to ``unit_id`` sees these. A
    membership may name a unit number the tree does not hold (yet): then, as before the tree
    existed, the scope is that number alone, which matches nothing of any other unit.
    """
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first()
    if not path:
        return frozenset({unit_id})
    return frozenset(Unit.objects.filter(path__startswith=path).values_list("pk", flat=True))


def is_unit_of(event_id: int, unit_id: int) -> bool:
    """Registered with ``accounts.scope``: a membership may name only a unit of its own event."""
    return Unit.objects.filter(pk=unit_id, event_id=event_id).exists()


def path_of(unit: Unit | None, unit_id: int) -> str:
    return f"{unit.path if unit else '/'}{unit_id}/"


def ancestors_ids(unit: Unit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def roots_of(units: Iterable[Unit], visible: set[int]) -> list[Unit]:
    """Units whose parent is not in ``visible``: the tops of what a member may see."""
    return [u for u in units if u.parent_id is None or u.parent_id not in visible]
