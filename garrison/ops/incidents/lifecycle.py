"""Which status may follow which, and what the public may learn of each.

``new → triaged → dispatched → on scene → resolved → closed``, with ``cancelled`` and
``duplicate`` as ends of their own. A report may skip ahead where a desk does in practice
(dispatch straight from ``new``; resolve by phone from ``triaged``), never go back past a
closing state: ``closed → dispatched`` is refused.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.ops.models import Status

ALLOWED: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.TRIAGED, Status.DISPATCHED, Status.CANCELLED, Status.DUPLICATE}),
    Status.TRIAGED: frozenset(
        {Status.DISPATCHED, Status.RESOLVED, Status.CANCELLED, Status.DUPLICATE}
    ),
    Status.DISPATCHED: frozenset({Status.ON_SCENE, Status.RESOLVED, Status.CANCELLED}),
    Status.ON_SCENE: frozenset({Status.RESOLVED}),
    Status.RESOLVED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.DUPLICATE: frozenset(),
}

OPEN: frozenset[str] = frozenset({Status.NEW, Status.TRIAGED, Status.DISPATCHED, Status.ON_SCENE})
WAITING: frozenset[str] = frozenset({Status.NEW, Status.TRIAGED})


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


class PublicStatus:
    RECEIVED = "received"
    HANDLING = "handling"
    CLOSED = "closed"


PUBLIC_LABELS: dict[str, Promise] = {
    PublicStatus.RECEIVED: _("Received"),
    PublicStatus.HANDLING: _("Being handled"),
    PublicStatus.CLOSED: pgettext_lazy("incident status", "Closed"),
}


def public_status(status: str) -> str:
    """The three words a resident may see; nothing of the desk's internal states."""
    if status in WAITING:
        return PublicStatus.RECEIVED
    if status in (Status.DISPATCHED, Status.ON_SCENE):
        return PublicStatus.HANDLING
    return PublicStatus.CLOSED
