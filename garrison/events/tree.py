"""The event tree: a national event over provincial sub-events, read and changed here only.

A parent's command reads down the tree (``accounts.access`` derives the read-only membership);
no event may become its own ancestor (``events.services.tree.set_parent``), so every walk up ends.
"""

from __future__ import annotations

from garrison.events.models import Event

# Deeper than any command chain (centre → province → district → commune): a walk stops here even
# if a cycle slipped in by hand.
MAX_DEPTH = 8


def ancestor_ids(event: Event) -> list[int]:
    """The event's parent, grandparent, … nearest first (one query per level)."""
    found: list[int] = []
    parent_id = event.parent_id
    while parent_id is not None and parent_id not in found and len(found) < MAX_DEPTH:
        found.append(parent_id)
        parent_id = Event.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return found


def children_of(event: Event) -> list[Event]:
    return list(Event.objects.filter(parent=event).order_by("name"))
