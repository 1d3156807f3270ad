"""Reads of the published plans, scoped to the event and, for a unit's page, to the member's
units (forces' scope: a unit commander sees their unit and the units under it, nothing else)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from garrison.accounts.models import Membership
from garrison.events.models import Event
from garrison.forces.access import visible_units
from garrison.forces.models import Unit
from garrison.reports.models import PublishedPlan
from garrison.reports.services import plan_for


def current_version(event: Event) -> PublishedPlan | None:
    """The version in force: the latest one published for the period under way, else the latest
    one published at all (the page says which period it is for)."""
    versions = PublishedPlan.objects.filter(event=event).select_related("plan").defer("pdf")
    plan = plan_for(event)
    return versions.filter(plan=plan).first() or versions.first()


def units_for(membership: Membership) -> QuerySet[Unit]:
    return visible_units(membership).order_by("path", "code")


def access_unit_by_id(membership: Membership, unit_id: int) -> Unit:
    """A unit the member may see, or 404 (another event's, or outside their subtree)."""
    unit = units_for(membership).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit
