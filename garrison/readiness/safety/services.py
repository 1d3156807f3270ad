"""The write path of the safety message (ICS 208): one per operational period, then approved.

Planners write it; a commander approves it (the approval names the member by user id). A change
to the words, the period or the site safety plan after approval withdraws the approval, so an
approved message is always the one the commander read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.readiness.ics_models import SafetyMessage
from garrison.readiness.roles import LOGISTICS, SAFETY_APPROVERS

# A congress day's operational period starts at 06:00 and lasts a day, unless the plan says so.
PERIOD_STARTS = dt.time(6, 0)
PERIOD = dt.timedelta(hours=24)
LONGEST_PERIOD = dt.timedelta(days=7)


@dataclass
class SafetyData:
    period_starts: dt.datetime
    period_ends: dt.datetime
    message: str
    site_safety_plan: bool = False
    site_safety_plan_at: str = ""


def current_period(event: Event, at: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The operational period holding ``at`` (now): 06:00 to 06:00 in the event's zone."""
    local = timezone.localtime(at or timezone.now(), event.tzinfo)
    day = local.date() if local.time() >= PERIOD_STARTS else local.date() - dt.timedelta(days=1)
    starts = dt.datetime.combine(day, PERIOD_STARTS, tzinfo=event.tzinfo)
    return starts, starts + PERIOD


def summary(message: SafetyMessage) -> dict[str, Any]:
    return {
        "period_starts": message.period_starts.isoformat(),
        "period_ends": message.period_ends.isoformat(),
        "site_safety_plan": message.site_safety_plan,
        "approved_by": message.approved_by_id,
        "length": len(message.message),
    }


def _apply(message: SafetyMessage, data: SafetyData) -> bool:
    """Fill ``message`` from ``data``; True when anything an approval covers has changed."""
    starts, ends = data.period_starts, data.period_ends
    if timezone.is_naive(starts) or timezone.is_naive(ends):
        raise DomainError("bad_period", _("Give the period's times with their time zone."))
    if ends <= starts:
        raise DomainError(
            "period_ends_before_start",
            _("The operational period must end after it starts."),
            field="period_ends",
        )
    if ends - starts > LONGEST_PERIOD:
        raise DomainError(
            "period_too_long",
            _("An operational period lasts at most seven days."),
            field="period_ends",
        )
    text = validate.text(data.message, "message", max_length=4000)
    where = validate.text(
        data.site_safety_plan_at, "site_safety_plan_at", max_length=200, required=False,
        one_line=True,
    )  # fmt: skip
    if data.site_safety_plan and not where:
        raise DomainError(
            "site_safety_plan_where",
            _("Say where the site safety plan is kept."),
            field="site_safety_plan_at",
        )
    old = (message.period_starts, message.period_ends, message.message, message.site_safety_plan,
           message.site_safety_plan_at) if message.pk else None  # fmt: skip
    message.period_starts, message.period_ends, message.message = starts, ends, text
    message.site_safety_plan = bool(data.site_safety_plan)
    message.site_safety_plan_at = where if data.site_safety_plan else ""
    new = (starts, ends, text, message.site_safety_plan, message.site_safety_plan_at)
    return old != new


def _save(message: SafetyMessage) -> None:
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError as exc:
        raise DomainError(
            "period_taken",
            _("This operational period already has a safety message."),
            field="period_starts",
        ) from exc


def create_safety_message(membership: Membership, data: SafetyData) -> SafetyMessage:
    require_role(membership, LOGISTICS)
    message = SafetyMessage(event_id=membership.event_id, prepared_by=membership.user)
    _apply(message, data)
    with transaction.atomic():
        _save(message)
        record(
            Actor.of_user(membership.user),
            "readiness.safety.created",
            message,
            event_id=membership.event_id,
            after=summary(message),
        )
    return message


def update_safety_message(
    membership: Membership, message: SafetyMessage, data: SafetyData
) -> SafetyMessage:
    require_role(membership, LOGISTICS)
    before = summary(message)
    if _apply(message, data):
        message.approved_by, message.approved_at = None, None
    with transaction.atomic():
        _save(message)
        record(
            Actor.of_user(membership.user),
            "readiness.safety.updated",
            message,
            event_id=membership.event_id,
            before=before,
            after=summary(message),
        )
    return message


def approve_safety_message(membership: Membership, message: SafetyMessage) -> SafetyMessage:
    """The commander's approval (ICS 208 block 6) of the message as it now reads."""
    require_role(membership, SAFETY_APPROVERS)
    if message.approved_by_id is not None:
        raise DomainError("already_approved", _("This safety message is already approved."))
    with transaction.atomic():
        message.approved_by, message.approved_at = membership.user, timezone.now()
        message.save(update_fields=["approved_by", "approved_at", "updated"])
        record(
            Actor.of_user(membership.user),
            "readiness.safety.approved",
            message,
            event_id=membership.event_id,
            after=summary(message),
        )
    return message


def message_for(event: Event, at: dt.datetime | None = None) -> SafetyMessage | None:
    """The safety message of the period holding ``at`` (now), if one was written."""
    at = at or timezone.now()
    return (
        SafetyMessage.objects.filter(event=event, period_starts__lte=at, period_ends__gt=at)
        .select_related("prepared_by", "approved_by")
        .order_by("-period_starts")
        .first()
    )
