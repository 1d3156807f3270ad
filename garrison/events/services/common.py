"""What every write path of the events app shares."""

from __future__ import annotations

from garrison.accounts.models import Membership
from garrison.audit.services import Actor


def actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)
