"""Who may listen to an event's live feed, and to which units' events.

Registered with the platform's consumer (garrison.core.consumers.register_access) when the
accounts app loads.
"""

from __future__ import annotations

from typing import Any

from garrison.accounts.mfa import owes_second_factor
from garrison.accounts.models import Membership
from garrison.accounts.scope import unit_scope
from garrison.core.consumers import Listening


def live_access(user: Any, session: Any, slug: str) -> Listening | None:
    """A member of the event hears its feed, narrowed to their units' events if their role is;
    anyone else, and anyone whose session still owes the second factor, is refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # The pages' and the API's rule, per person and before the event is looked up: a commander
    # who is a viewer elsewhere hears nothing of that event on the password alone either.
    if owes_second_factor(user, session):
        return None
    membership = Membership.objects.filter(user=user, event__slug=slug).first()
    if membership is None:
        return None
    # The subtree resolver reads the unit tree from the database: this runs off the event loop.
    return Listening(event_id=membership.event_id, units=unit_scope(membership))
