"""Reads of inspections: the checklists and inspections of an event, each seen by its members."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.planning.inspections.models import ChecklistTemplate, Inspection, ItemResult


def access_template_by_id(user: User, event: Event, template_id: int) -> ChecklistTemplate:
    if membership_for(user, event) is None:
        raise Http404
    template = ChecklistTemplate.objects.filter(event=event, pk=template_id).first()
    if template is None:
        raise Http404
    return template


def inspections_of(event: Event) -> QuerySet[Inspection]:
    return Inspection.objects.filter(event=event).annotate(
        failed=Count("items", filter=Q(items__result=ItemResult.FAIL)),
        pending=Count("items", filter=Q(items__result=ItemResult.PENDING)),
    )


def access_inspection_by_id(user: User, event: Event, inspection_id: int) -> Inspection:
    """An inspection of this event, for one of its members; 404 otherwise."""
    if membership_for(user, event) is None:
        raise Http404
    inspection = (
        Inspection.objects.select_related("site", "inspector", "unit")
        .filter(event=event, pk=inspection_id)
        .first()
    )
    if inspection is None:
        raise Http404
    return inspection
