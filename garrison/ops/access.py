"""Every read of incidents, scoped to the event and, for unit-scoped roles, to their units.

An incident of another event, or one that does not concern a unit commander's subtree, is 404
exactly like one that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import Membership, User
from garrison.accounts.scope import unit_scope
from garrison.events.models import Event
from garrison.ops.models import Assignment, Incident, IncidentType


def membership_or_404(user: User, event: Event) -> Membership:
    membership = membership_for(user, event)
    if membership is None:
        raise Http404
    return membership


def visible_incidents(membership: Membership) -> QuerySet[Incident]:
    """The event's incidents, or for a unit commander those concerning their unit subtree:
    reported by it, or with one of its units sent."""
    incidents = Incident.objects.filter(event_id=membership.event_id)
    units = unit_scope(membership)
    if units is None:
        return incidents
    sent = Assignment.objects.filter(unit_id__in=units).values("incident_id")
    return incidents.filter(Q(reporting_unit_id__in=units) | Q(pk__in=sent))


def access_incident_by_id(user: User, event: Event, incident_id: int) -> Incident:
    incident = (
        visible_incidents(membership_or_404(user, event))
        .select_related("event", "type", "site", "zone", "handler", "reported_by", "duplicate_of")
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise Http404
    return incident


def access_incident_type_by_id(user: User, event: Event, type_id: int) -> IncidentType:
    membership_or_404(user, event)
    kind = IncidentType.objects.filter(pk=type_id, event=event).first()
    if kind is None:
        raise Http404
    return kind
