"""The write path of the command: directives down the event tree, situation reports up it.

Every function: authorise → validate → change → audit on both sides (same transaction) → emit
(after commit, by ``core.live``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accounts.roles import Role
from garrison.audit.services import Actor, record
from garrison.command.live_events import (
    DIRECTIVE_RECEIVED,
    DIRECTIVE_SENT,
    REPORT_RECEIVED,
    DirectiveSent,
)
from garrison.command.models import Delivery, Directive, SituationReport
from garrison.command.roles import REPORTERS, SENDERS
from garrison.core.errors import DomainError, NotFound
from garrison.core.validate import text as _text
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.planning.tasks.models import TaskStatus
from garrison.planning.tasks.services import TaskData, create_task
from garrison.reports.sitreps.models import Sitrep
from garrison.reports.sitreps.present import summary

MAX_FIGURE = 1_000_000


@dataclass
class DirectiveData:
    text: str
    deadline: dt.datetime
    event_ids: list[int]


def _task_owner_and_unit(event: Event) -> tuple[int | None, int | None]:
    """Who answers for the directive in a sub-event: its first commander, its top unit."""
    owner = (
        Membership.objects.filter(event=event, role=Role.COMMANDER)
        .order_by("pk")
        .values_list("user_id", flat=True)
        .first()
    )
    unit = (
        Unit.objects.filter(event=event, parent__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return owner, unit


def send_directive(membership: Membership, data: DirectiveData) -> Directive:
    """Send a directive from the member's event to some of its sub-events.

    Each addressed sub-event gets an open planning task with the four clears: the directive's
    words as its deliverable, its deadline, the sub-event's first commander as owner and its top
    unit as the unit. A sub-event without either gets a draft that its command completes.
    Only direct sub-events may be addressed; any other event is "not found" (nothing leaks).
    """
    require_role(membership, SENDERS)
    words = _text(data.text, "text", max_length=5000)
    if data.deadline.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="deadline")
    ids = sorted(set(data.event_ids))
    if not ids:
        raise DomainError("no_addressee", _("Choose at least one sub-event."), field="event_ids")
    targets = list(Event.objects.filter(pk__in=ids, parent_id=membership.event_id))
    if len(targets) != len(ids):
        raise NotFound(_("One of these sub-events is not under your event."))
    parent = membership.event
    actor = Actor.of_user(membership.user)
    with transaction.atomic():
        directive = Directive.objects.create(
            event=parent,
            text=words,
            deadline=data.deadline,
            sent_by=membership.user,
            sent_at=timezone.now(),
        )
        for target in targets:
            owner_id, unit_id = _task_owner_and_unit(target)
            # The directive's authority in the sub-event, for this one task: the sender commands
            # the parent and the target is its sub-event (checked above). Never saved.
            authority = Membership(user=membership.user, event=target, role=Role.COMMANDER)
            complete = owner_id is not None and unit_id is not None
            task = create_task(
                authority,
                TaskData(
                    title=_("Directive from %(event)s") % {"event": parent.name},
                    deliverable=words,
                    owner_id=owner_id,
                    unit_id=unit_id,
                    deadline=data.deadline,
                ),
                status=TaskStatus.OPEN if complete else TaskStatus.DRAFT,
            )
            delivery = Delivery.objects.create(directive=directive, event=target, task=task)
            record(
                actor,
                "command.directive.received",
                delivery,
                event_id=target.pk,
                after={
                    "directive_id": directive.pk,
                    "from_event_id": parent.pk,
                    "task_id": task.pk,
                },
            )
            DIRECTIVE_RECEIVED.emit(target, {"id": directive.pk, "event_ids": [target.pk]})
        sent: DirectiveSent = {"id": directive.pk, "event_ids": [t.pk for t in targets]}
        record(
            actor,
            "command.directive.sent",
            directive,
            event_id=parent.pk,
            after={**sent, "deadline": data.deadline},
        )
        DIRECTIVE_SENT.emit(parent, sent)
    return directive


@dataclass
class ReportData:
    text: str
    forces_on_duty: int = 0
    incidents_open: int = 0
    injured: int = 0


def _figure(value: int, name: str) -> int:
    if not 0 <= value <= MAX_FIGURE:
        raise DomainError(
            "invalid_number",
            _("Give a number from 0 to %(max)s.") % {"max": MAX_FIGURE},
            field=name,
        )
    return value


def send_report(membership: Membership, data: ReportData) -> SituationReport:
    """A situation report from the member's event to its parent's board."""
    require_role(membership, REPORTERS)
    event = membership.event
    if event.parent_id is None:
        raise DomainError("no_parent", _("This event has no parent event to report to."))
    report = SituationReport(
        event=event,
        parent_id=event.parent_id,
        text=_text(data.text, "text", max_length=5000),
        forces_on_duty=_figure(data.forces_on_duty, "forces_on_duty"),
        incidents_open=_figure(data.incidents_open, "incidents_open"),
        injured=_figure(data.injured, "injured"),
        sent_by=membership.user,
        sent_at=timezone.now(),
    )
    actor = Actor.of_user(membership.user)
    with transaction.atomic():
        report.save()
        figures = {
            "forces_on_duty": report.forces_on_duty,
            "incidents_open": report.incidents_open,
            "injured": report.injured,
        }
        record(actor, "command.report.sent", report, event_id=event.pk, after=figures)
        record(
            actor,
            "command.report.received",
            report,
            event_id=event.parent_id,
            after={**figures, "from_event_id": event.pk},
        )
        REPORT_RECEIVED.emit(
            Event(pk=event.parent_id),
            {"id": report.pk, "from_event_id": event.pk, "incidents_open": report.incidents_open},
        )
    return report


def forward_sitrep(sitrep: Sitrep) -> SituationReport | None:
    """A sub-event's published situation report (garrison.reports) reaches its parent's board as
    a report up, with its figures; an event without a parent keeps it to itself. Called inside
    the publishing transaction (``SITREP_PUBLISHED``): both commit together."""
    event = sitrep.event
    if event.parent_id is None:
        return None
    tz = event.tzinfo
    period = (
        f"{timezone.localtime(sitrep.covers_from, tz):%d/%m %H:%M}–"
        f"{timezone.localtime(sitrep.covers_to, tz):%H:%M}"
    )
    with translation.override(sitrep.language):
        text = summary(sitrep.content, sitrep.number, period, sitrep.notable)
    report = SituationReport.objects.create(
        event=event,
        parent_id=event.parent_id,
        text=text[:5000],
        forces_on_duty=min(sitrep.content["forces_on_duty"], MAX_FIGURE),
        incidents_open=min(sitrep.content["incidents"]["open"], MAX_FIGURE),
        sent_by=sitrep.published_by,
        sent_at=sitrep.published_at,
    )
    user = sitrep.published_by
    actor = Actor.of_user(user) if user is not None else Actor(label="sitrep_schedule")
    figures = {"forces_on_duty": report.forces_on_duty, "incidents_open": report.incidents_open,
               "injured": 0, "sitrep": sitrep.pk}  # fmt: skip
    record(actor, "command.report.sent", report, event_id=event.pk, after=figures)
    record(actor, "command.report.received", report, event_id=event.parent_id,
           after={**figures, "from_event_id": event.pk})  # fmt: skip
    REPORT_RECEIVED.emit(
        Event(pk=event.parent_id),
        {"id": report.pk, "from_event_id": event.pk, "incidents_open": report.incidents_open},
    )
    return report
