"""Reads of incidents: 404 across events; a unit commander sees only their subtree's incidents."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Role, User
from garrison.conftest import make_member
from garrison.events.models import Event
from garrison.ops.access import access_incident_by_id, visible_incidents
from garrison.ops.models import Assignment
from garrison.ops.tests.conftest import MembershipOf, Units
from garrison.ops.tests.factories import make_incident

ClientFor = Callable[[User], Client]


def test_an_incident_of_another_event_is_404(
    event: Event, other_event: Event, commander: User
) -> None:
    foreign = make_incident(other_event)
    with pytest.raises(Http404):
        access_incident_by_id(commander, event, foreign.pk)
    with pytest.raises(Http404):
        access_incident_by_id(commander, other_event, foreign.pk)


def test_a_unit_commander_sees_only_incidents_of_their_subtree(
    event: Event, units: Units, membership_of: MembershipOf, client_for: ClientFor
) -> None:
    chief = make_member(event, Role.UNIT_COMMANDER, username="chief", unit_id=units.police.pk)
    sent_to_team = make_incident(event)
    Assignment.objects.create(
        incident=sent_to_team, unit=units.team_a, dispatched_at=timezone.now()
    )
    reported_by_team = make_incident(event, reporting_unit=units.team_b)
    fire_only = make_incident(event)
    Assignment.objects.create(incident=fire_only, unit=units.fire, dispatched_at=timezone.now())
    unassigned = make_incident(event)

    seen = set(visible_incidents(membership_of(chief, event)).values_list("pk", flat=True))
    assert seen == {sent_to_team.pk, reported_by_team.pk}
    client = client_for(chief)
    for incident, status in [(sent_to_team, 200), (fire_only, 404), (unassigned, 404)]:
        url = reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
        assert client.get(url).status_code == status
    listing = client.get(reverse("ops:incidents", kwargs={"event": event.slug})).content.decode()
    assert sent_to_team.reference in listing and fire_only.reference not in listing


def test_event_wide_roles_see_every_incident(
    event: Event, viewer: User, membership_of: MembershipOf
) -> None:
    made = {make_incident(event).pk for _ in range(3)}
    assert set(visible_incidents(membership_of(viewer, event)).values_list("pk", flat=True)) == made
