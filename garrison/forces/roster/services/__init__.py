"""The write path for the roster rules and hand-made shifts (optimiser runs: ``runs``, ``data``).

The rules are the planners' business. A hand edit of the roster (a pinned assignment) is held
to the same rules the optimiser keeps (``roster.rules.check``), so no one can write by hand a
schedule the solver would refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.live_events import ASSIGNMENT_PINNED, ASSIGNMENT_REMOVED
from garrison.forces.models import Assignment, ForceMember, Post, RosterRules
from garrison.forces.roles import PLANNERS
from garrison.forces.roster.rules import Horizon, Rules, Shift, check, on_the_hour


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


# --- Roster rules -------------------------------------------------------------------------------


def rules_for(event: Event) -> RosterRules:
    """The event's rules; the first call creates them: the event's days, midnight to midnight."""
    existing = RosterRules.objects.filter(event=event).first()
    if existing is not None:
        return existing
    start = dt.datetime.combine(event.starts_on, dt.time(), tzinfo=event.tzinfo)
    end = dt.datetime.combine(event.ends_on + dt.timedelta(days=1), dt.time(), tzinfo=event.tzinfo)
    rules, _created = RosterRules.objects.get_or_create(
        event=event, defaults={"starts_at": start, "ends_at": end}
    )
    return rules


def horizon_of(rules: RosterRules, event: Event) -> Horizon:
    hours = int((rules.ends_at - rules.starts_at).total_seconds() // 3600)
    return Horizon(rules.starts_at, hours, event.tzinfo)


def rules_of(rules: RosterRules) -> Rules:
    return Rules(
        rules.min_shift_hours, rules.max_shift_hours, rules.min_rest_hours, rules.max_hours_per_day
    )


@dataclass
class RulesData:
    min_shift_hours: int
    max_shift_hours: int
    min_rest_hours: int
    max_hours_per_day: int
    time_limit_seconds: int


def update_rules(membership: Membership, data: RulesData) -> RosterRules:
    require_role(membership, PLANNERS)
    if not 1 <= data.min_shift_hours <= data.max_shift_hours <= 24:
        raise DomainError(
            "invalid_shift",
            _("Shifts must be 1 to 24 hours, the shortest no longer than the longest."),
            field="min_shift_hours",
        )
    if not 0 <= data.min_rest_hours <= 48:
        raise DomainError("invalid_rest", _("Rest is 0 to 48 hours."), field="min_rest_hours")
    if not data.max_shift_hours <= data.max_hours_per_day <= 24:
        raise DomainError(
            "invalid_day",
            _("Hours per day must be at least the longest shift and at most 24."),
            field="max_hours_per_day",
        )
    if not 1 <= data.time_limit_seconds <= 3600:
        raise DomainError(
            "invalid_limit", _("The time limit is 1 to 3600 seconds."), field="time_limit_seconds"
        )
    rules = rules_for(membership.event)
    with transaction.atomic():
        before = {k: getattr(rules, k) for k in data.__dict__}
        for key, value in data.__dict__.items():
            setattr(rules, key, value)
        rules.save()
        record(
            _actor(membership),
            "forces.roster_rules.updated",
            rules,
            event_id=membership.event_id,
            before=before,
            after=dict(data.__dict__),
        )
    return rules


# --- Hand edits of the roster -------------------------------------------------------------------


def member_shifts(member: ForceMember, horizon: Horizon, exclude: int | None = None) -> list[Shift]:
    rows = Assignment.objects.filter(member=member)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return [
        Shift(horizon.slot(a.starts_at), horizon.slot(a.ends_at), a.post_id)
        for a in rows.only("starts_at", "ends_at", "post_id")
    ]


def assign(
    membership: Membership,
    post: Post,
    member: ForceMember,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    replacing: Assignment | None = None,
) -> Assignment:
    """Pin ``member`` to ``post`` from ``starts_at`` to ``ends_at`` (or move ``replacing`` there).

    Refused, with every broken rule named, when the member's schedule would no longer keep the
    roster rules: two places at once, shift length, rest, hours per day.
    """
    require_role(membership, PLANNERS)
    event = membership.event
    if post.event_id != event.pk or member.event_id != event.pk:
        raise DomainError("not_found", _("Not found."), status=404)
    if ends_at <= starts_at or not (on_the_hour(starts_at) and on_the_hour(ends_at)):
        raise DomainError(
            "invalid_window",
            _("A shift starts and ends on the hour, and ends after it starts."),
            field="starts_at",
        )
    settings = rules_for(event)
    horizon = horizon_of(settings, event)
    with transaction.atomic():
        # Lock the member's row: two planners pinning the same person at once cannot both pass.
        ForceMember.objects.select_for_update().filter(pk=member.pk).first()
        shift = Shift(horizon.slot(starts_at), horizon.slot(ends_at), post.pk)
        others = member_shifts(member, horizon, exclude=replacing.pk if replacing else None)
        problems = check([*others, shift], rules_of(settings), horizon)
        if problems:
            raise DomainError(problems[0].code, " ".join(p.message for p in problems))
        before = _assignment_summary(replacing) if replacing else None
        row = replacing or Assignment(event=event)
        row.post, row.member = post, member
        row.starts_at, row.ends_at, row.pinned = starts_at, ends_at, True
        row.save()
        record(
            _actor(membership),
            "forces.assignment.pinned",
            row,
            event_id=event.pk,
            before=before,
            after=_assignment_summary(row),
        )
        ASSIGNMENT_PINNED.emit(
            event,
            {"id": row.pk, "post_id": post.pk, "member_id": member.pk},
            unit_ids=[member.unit_id],
        )
    return row


def _assignment_summary(row: Assignment) -> dict[str, Any]:
    return {
        "post_id": row.post_id,
        "member_id": row.member_id,
        "starts_at": row.starts_at.isoformat(),
        "ends_at": row.ends_at.isoformat(),
        "pinned": row.pinned,
    }


def unassign(membership: Membership, row: Assignment) -> None:
    require_role(membership, PLANNERS)
    with transaction.atomic():
        record(
            _actor(membership),
            "forces.assignment.removed",
            row,
            event_id=membership.event_id,
            before=_assignment_summary(row),
        )
        ASSIGNMENT_REMOVED.emit(membership.event, {"id": row.pk})
        row.delete()
