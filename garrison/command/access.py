"""Every read of the command: scoped to the event whose page it is.

The parent sees the directives it sent and the reports it received; a sub-event sees the
directives addressed to it and the reports it sent. Nothing crosses to a sibling.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from garrison.command.models import Delivery, Directive, SituationReport
from garrison.events.models import Event


def directives_sent(event: Event) -> QuerySet[Directive]:
    return Directive.objects.filter(event=event).select_related("sent_by")


def access_directive_by_id(event: Event, directive_id: int) -> Directive:
    return get_object_or_404(directives_sent(event), pk=directive_id)


def deliveries_to(event: Event) -> QuerySet[Delivery]:
    return Delivery.objects.filter(event=event).select_related("directive__event", "task")


def reports_received(event: Event) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(parent=event).select_related("event", "sent_by")


def reports_sent(event: Event) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(event=event).select_related("sent_by")
