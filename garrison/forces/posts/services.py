"""The write path for posts: where, when, by how many and with which qualifications.

Posts are the planners' business. A post's windows lie inside the roster's period and start and
end on the hour (``roster.rules``), and a required qualification must be held by someone, or no
roster could cover the post.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Site, Zone
from garrison.forces.live_events import POST_CREATED, POST_DELETED, POST_UPDATED
from garrison.forces.models import Post, PostSkill, PostWindow, Qualification
from garrison.forces.roles import PLANNERS
from garrison.forces.roster.rules import on_the_hour
from garrison.forces.roster.services import rules_for

MAX_HEADCOUNT = 200


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


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
        if not (on_the_hour(window.starts_at) and on_the_hour(window.ends_at)):
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
