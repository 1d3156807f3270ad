"""The write path for posts, the roster rules and hand-made assignments.

Posts and rules are the planners' business. A hand edit of the roster (a pinned assignment) is
held to the same rules the optimiser keeps (``roster.rules.check``), so no one can write by hand
a schedule the solver would refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.decorators import PLANNERS
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Event, Site, Zone
from garrison.forces.live_events import (
    ASSIGNMENT_PINNED,
    ASSIGNMENT_REMOVED,
    POST_CREATED,
    POST_DELETED,
    POST_UPDATED,
)
from garrison.forces.models import (
    Assignment,
    ForceMember,
    Post,
    PostSkill,
    PostWindow,
    Qualification,
    RosterRules,
)
from garrison.forces.roster.rules import Horizon, Rules, Shift, check

MAX_HEADCOUNT = 200


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


# --- Posts --------------------------------------------------------------------------------------


@dataclass
class WindowData:
    starts_at: dt.datetime
    ends_at: dt.datetime
    headcount: int


@dataclass
class PostData:
    name: str
    code: str
    site_id: int | None = None
    zone_id: int | None = None
    instructions: str = ""
    windows: list[WindowData] = field(default_factory=list)
    skills: dict[int, int] = field(default_factory=dict)  # qualification id -> how many


def post_summary(post: Post) -> dict[str, Any]:
    return {
        "name": post.name,
        "code": post.code,
        "site_id": post.site_id,
        "zone_id": post.zone_id,
        "windows": [
            [w.starts_at.isoformat(), w.ends_at.isoformat(), w.headcount]
            for w in post.windows.all()
        ],
        "skills": {str(s.qualification_id): s.count for s in post.skills.all()},
    }


def _on_the_hour(moment: dt.datetime) -> bool:
    return moment.minute == 0 and moment.second == 0 and moment.microsecond == 0


def _clean_post(membership: Membership, data: PostData) -> PostData:
    event = membership.event
    if data.site_id is not None and not Site.objects.filter(pk=data.site_id, event=event).exists():
        raise DomainError("invalid_site", _("Choose a site of this event."), field="site_id")
    if data.zone_id is not None:
        zone = Zone.objects.filter(pk=data.zone_id, event=event).first()
        if zone is None:
            raise DomainError("invalid_zone", _("Choose a zone of this event."), field="zone_id")
        if data.site_id is not None and zone.site_id != data.site_id:
            raise DomainError(
                "invalid_zone", _("The zone is not inside the chosen site."), field="zone_id"
            )
    if not data.windows:
        raise DomainError(
            "no_window", _("Say when the post is staffed and by how many."), field="headcount"
        )
    rules = rules_for(event)
    for window in data.windows:
        if window.ends_at <= window.starts_at:
            raise DomainError(
                "invalid_window", _("A window must end after it starts."), field="ends_at"
            )
        if not (_on_the_hour(window.starts_at) and _on_the_hour(window.ends_at)):
            raise DomainError(
                "invalid_window", _("Windows start and end on the hour."), field="starts_at"
            )
        if window.starts_at < rules.starts_at or window.ends_at > rules.ends_at:
            raise DomainError(
                "outside_roster",
                _("The window lies outside the roster's period."),
                field="starts_at",
            )
        if not 1 <= window.headcount <= MAX_HEADCOUNT:
            raise DomainError(
                "invalid_headcount",
                _("The headcount is 1 to %(n)d.") % {"n": MAX_HEADCOUNT},
                field="headcount",
            )
    qualifications = Qualification.objects.filter(event=event, pk__in=data.skills)
    if qualifications.count() != len(data.skills):
        raise DomainError(
            "invalid_qualification", _("Choose qualifications of this event."), field="skills"
        )
    for qualification in qualifications:
        count = data.skills[qualification.pk]
        if not 1 <= count <= MAX_HEADCOUNT:
            raise DomainError("invalid_count", _("Give how many, from 1."), field="skills")
        if not qualification.members.exists():
            raise DomainError(
                "nobody_qualified",
                _("Nobody holds “%(q)s”: no roster could cover this post.")
                % {"q": qualification.name},
                field="skills",
            )
    return PostData(
        name=validate.text(data.name, "name", max_length=200, one_line=True),
        code=validate.text(data.code, "code", max_length=32, one_line=True).upper(),
        site_id=data.site_id,
        zone_id=data.zone_id,
        instructions=validate.text(
            data.instructions, "instructions", max_length=4000, required=False
        ),
        windows=data.windows,
        skills=data.skills,
    )


def _save_post(post: Post, data: PostData) -> None:
    post.name, post.code = data.name, data.code
    post.site_id, post.zone_id, post.instructions = data.site_id, data.zone_id, data.instructions
    post.save()
    post.windows.all().delete()
    PostWindow.objects.bulk_create(
        PostWindow(post=post, starts_at=w.starts_at, ends_at=w.ends_at, headcount=w.headcount)
        for w in data.windows
    )
    post.skills.all().delete()
    PostSkill.objects.bulk_create(
        PostSkill(post=post, qualification_id=q, count=n) for q, n in sorted(data.skills.items())
    )


def _duplicate() -> DomainError:
    return DomainError(
        "duplicate", _("A post with this code already exists."), status=409, field="code"
    )


def save_post(membership: Membership, data: PostData, post: Post | None = None) -> Post:
    """Create a post, or replace an existing one's fields, windows and skills."""
    require_role(membership, PLANNERS)
    data = _clean_post(membership, data)
    verb = "created" if post is None else "updated"
    target = post or Post(event_id=membership.event_id)
    before = post_summary(post) if post is not None else None
    try:
        with transaction.atomic():
            _save_post(target, data)
            record(
                _actor(membership),
                f"forces.post.{verb}",
                target,
                event_id=membership.event_id,
                before=before,
                after=post_summary(target),
            )
            kind = POST_CREATED if post is None else POST_UPDATED
            kind.emit(membership.event, {"id": target.pk, "code": target.code})
    except IntegrityError as exc:
        raise _duplicate() from exc
    return target


def delete_post(membership: Membership, post: Post) -> None:
    require_role(membership, PLANNERS)
    with transaction.atomic():
        record(
            _actor(membership),
            "forces.post.deleted",
            post,
            event_id=membership.event_id,
            before=post_summary(post),
        )
        POST_DELETED.emit(membership.event, {"id": post.pk})
        post.delete()


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
    if ends_at <= starts_at or not (_on_the_hour(starts_at) and _on_the_hour(ends_at)):
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
