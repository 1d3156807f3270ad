"""The write path for members' unavailability: windows when a member cannot (or should not) work.

The optimiser avoids those hours when it can (a soft rule). Who may change a member's windows is
who may edit the member: planners, and a unit commander inside their own subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError, NotFound
from garrison.forces.live_events import UNAVAILABILITY_ADDED, UNAVAILABILITY_REMOVED
from garrison.forces.models import ForceMember, Unavailability
from garrison.forces.roster.services import rules_for
from garrison.forces.units.services import require_editor, require_unit_in_scope

# A window longer than this is almost surely a typo in the year; the roster spans days, not years.
MAX_DAYS = 60


@dataclass
class WindowData:
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str = ""


def summary(row: Unavailability) -> dict[str, Any]:
    return {
        "member_id": row.member_id,
        "starts_at": row.starts_at.isoformat(),
        "ends_at": row.ends_at.isoformat(),
        # Not the reason: often the member's health or family (garrison.audit.services).
    }


def _authorise(membership: Membership, member: ForceMember) -> None:
    require_editor(membership)
    if member.event_id != membership.event_id:
        raise NotFound(_("Not found."))
    require_unit_in_scope(membership, member.unit_id)


def add_window(membership: Membership, member: ForceMember, data: WindowData) -> Unavailability:
    """Mark ``member`` unavailable from ``starts_at`` to ``ends_at``.

    Refused: a window that does not end after it starts, one longer than MAX_DAYS, one wholly
    outside the roster's period (it could change nothing), one overlapping another of the
    member's windows (edit that one instead: two rows for one hour would be counted twice).
    """
    _authorise(membership, member)
    reason = validate.text(data.reason, "reason", max_length=200, required=False, one_line=True)
    if data.ends_at <= data.starts_at:
        raise DomainError(
            "invalid_window", _("The window must end after it starts."), field="ends_at"
        )
    if data.ends_at - data.starts_at > dt.timedelta(days=MAX_DAYS):
        raise DomainError(
            "window_too_long",
            _("A window is at most %(n)d days long.") % {"n": MAX_DAYS},
            field="ends_at",
        )
    rules = rules_for(membership.event)
    if data.ends_at <= rules.starts_at or data.starts_at >= rules.ends_at:
        raise DomainError(
            "outside_roster",
            _("The window lies outside the roster's period."),
            field="starts_at",
        )
    with transaction.atomic():
        # Lock the member: two editors adding overlapping windows at once cannot both pass.
        ForceMember.objects.select_for_update().filter(pk=member.pk).first()
        if Unavailability.objects.filter(
            member=member, starts_at__lt=data.ends_at, ends_at__gt=data.starts_at
        ).exists():
            raise DomainError(
                "overlap",
                _("This overlaps another window of the member's; change that one instead."),
                status=409,
                field="starts_at",
            )
        row = Unavailability.objects.create(
            member=member, starts_at=data.starts_at, ends_at=data.ends_at, reason=reason
        )
        record(
            Actor.of_user(membership.user),
            "forces.unavailability.added",
            row,
            event_id=membership.event_id,
            after=summary(row),
        )
        UNAVAILABILITY_ADDED.emit(
            membership.event,
            {"id": row.pk, "member_id": member.pk},
            unit_ids=[member.unit_id],
        )
    return row


def remove_window(membership: Membership, row: Unavailability) -> None:
    member = row.member
    _authorise(membership, member)
    with transaction.atomic():
        record(
            Actor.of_user(membership.user),
            "forces.unavailability.removed",
            row,
            event_id=membership.event_id,
            before=summary(row),
        )
        UNAVAILABILITY_REMOVED.emit(
            membership.event,
            {"id": row.pk, "member_id": member.pk},
            unit_ids=[member.unit_id],
        )
        row.delete()
