"""Directives down the tree, situation reports up it, and the roll-up of the sub-events."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.checkin.models import Checkpoint, Presence, Scan
from garrison.command.models import SituationReport
from garrison.command.rollup import directive_states, rollup
from garrison.command.services import DirectiveData, ReportData, send_directive, send_report
from garrison.command.tests.conftest import Tree, membership
from garrison.core.errors import DomainError, Forbidden, NotFound
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Phase, Site, Zone
from garrison.ops.models import Incident, IncidentType
from garrison.planning.tasks.models import Task, TaskStatus

ClientFor = Callable[[User], Client]


def _deadline() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=6)


def test_a_directive_becomes_an_open_task_with_the_four_clears_in_each_sub_event(
    tree: Tree,
) -> None:
    directive = send_directive(
        membership(tree.chief, tree.national),
        DirectiveData(
            "Double the guard at the station", _deadline(), [tree.north.pk, tree.south.pk]
        ),
    )
    north = Task.objects.get(event=tree.north)
    assert north.status == TaskStatus.OPEN and north.missing_clears() == []
    assert north.owner_id == tree.north_chief.pk and north.unit_id == tree.north_unit.pk
    assert north.deliverable == "Double the guard at the station"
    # The south has no unit yet: its task waits as a draft for its command to complete.
    south = Task.objects.get(event=tree.south)
    assert south.status == TaskStatus.DRAFT and south.missing_clears() == ["unit"]
    states = directive_states([directive.pk])[directive.pk]
    assert {d.event_id for d in states["sent"]} == {tree.north.pk, tree.south.pk}
    # Audited on both sides, and live on both.
    assert Entry.objects.filter(event_id=tree.national.pk, action="command.directive.sent").exists()
    for event in (tree.north, tree.south):
        assert Entry.objects.filter(event_id=event.pk, action="command.directive.received").exists()
        assert Entry.objects.filter(event_id=event.pk, action="planning.task.created").exists()


def test_acknowledgement_and_completion_roll_back_up(tree: Tree) -> None:
    directive = send_directive(
        membership(tree.chief, tree.national),
        DirectiveData("Sweep hall B", _deadline(), [tree.north.pk]),
    )
    task = Task.objects.get(event=tree.north)
    for status, state in (("in_progress", "acknowledged"), ("done", "done")):
        Task.objects.filter(pk=task.pk).update(status=status)
        states = directive_states([directive.pk])[directive.pk]
        assert [d.event_id for d in states[state]] == [tree.north.pk]


def test_a_directive_only_goes_to_the_senders_own_sub_events(tree: Tree) -> None:
    stray = Event.objects.create(
        slug="stray", name="Stray", starts_on=tree.north.starts_on, ends_on=tree.north.ends_on
    )
    with pytest.raises(NotFound):
        send_directive(
            membership(tree.chief, tree.national), DirectiveData("x", _deadline(), [stray.pk])
        )
    # A province cannot direct its sibling, nor a planner of the nation give orders.
    with pytest.raises(NotFound):
        send_directive(
            membership(tree.north_chief, tree.north),
            DirectiveData("x", _deadline(), [tree.south.pk]),
        )
    planner = Membership.objects.create(
        user=tree.north_chief, event=tree.national, role=Role.PLANNER
    )
    with pytest.raises(Forbidden):
        send_directive(planner, DirectiveData("x", _deadline(), [tree.north.pk]))
    with pytest.raises(DomainError) as empty:
        send_directive(membership(tree.chief, tree.national), DirectiveData("x", _deadline(), []))
    assert empty.value.code == "no_addressee"
    assert not Task.objects.exists()


def test_the_directive_form_sends_and_refuses_a_sibling(tree: Tree, client_for: ClientFor) -> None:
    url = reverse("command:directive_create", kwargs={"event": "national"})
    deadline = timezone.localtime(_deadline(), tree.national.tzinfo).strftime("%Y-%m-%dT%H:%M")
    chief = client_for(tree.chief)
    sent = chief.post(
        url, {"text": "Close gate 3", "deadline": deadline, "event_ids": [tree.north.pk]}
    )
    assert sent.status_code == 302
    assert Task.objects.filter(event=tree.north).count() == 1
    # The parent's commander still cannot write into the province's plan directly.
    create = reverse("planning:task_create", kwargs={"event": "north"})
    assert chief.post(create, {"title": "Direct"}).status_code == 403
    # A province's commander reads its own roll-up but may not open the nation's.
    north = client_for(tree.north_chief)
    assert north.get(reverse("command:rollup", kwargs={"event": "north"})).status_code == 200
    assert (
        north.get(reverse("command:directive_create", kwargs={"event": "national"})).status_code
        == 404
    )


def test_a_situation_report_reaches_the_parents_board(tree: Tree, client_for: ClientFor) -> None:
    report = send_report(
        membership(tree.north_chief, tree.north),
        ReportData("Quiet night", forces_on_duty=120, incidents_open=2, injured=0),
    )
    assert report.parent_id == tree.national.pk
    assert Entry.objects.filter(event_id=tree.north.pk, action="command.report.sent").exists()
    assert Entry.objects.filter(
        event_id=tree.national.pk, action="command.report.received"
    ).exists()
    assert LiveEvent.objects.filter(
        event_id=tree.national.pk, kind="command.report.received"
    ).exists()
    page = client_for(tree.chief).get(reverse("command:rollup", kwargs={"event": "national"}))
    assert page.status_code == 200 and "Quiet night" in page.content.decode()
    # The sibling never sees it.
    assert not SituationReport.objects.filter(parent=tree.south).exists()
    with pytest.raises(DomainError) as no_parent:
        send_report(membership(tree.chief, tree.national), ReportData("Top"))
    assert no_parent.value.code == "no_parent"
    with pytest.raises(DomainError):
        send_report(membership(tree.north_chief, tree.north), ReportData("x", injured=-1))


def test_the_rollup_counts_each_sub_event_in_a_few_queries(tree: Tree) -> None:
    now = timezone.now()
    Phase.objects.create(
        event=tree.north,
        kind="during",
        name="Congress days",
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=5),
    )
    kind = IncidentType.objects.create(event=tree.north, name="Fire")
    for n, severity in enumerate((1, 1, 3)):
        Incident.objects.create(
            event=tree.north,
            reference=f"R{n}",
            type=kind,
            severity=severity,
            source="staff",
            description="x",
            received_at=now,
        )
    Task.objects.create(
        event=tree.south, title="Late", status=TaskStatus.OPEN, deadline=now - dt.timedelta(hours=1)
    )
    site = Site.objects.create(event=tree.north, name="Hall", kind="venue", lat=21.0, lon=105.8)
    zone = Zone.objects.create(
        event=tree.north, site=site, code="A", name="A", polygon={}, access_level="open"
    )
    gate = Checkpoint.objects.create(event=tree.north, zone=zone, name="Gate 1")
    Scan.objects.create(
        checkpoint=gate,
        event=tree.north,
        client_id=uuid.uuid4(),
        direction="in",
        result="ok",
        scanned_at=now,
        zone=zone,
    )
    Presence.objects.create(event=tree.north, zone=zone, serial=1, inside=True)
    with CaptureQueriesContext(connection) as queries:
        rows = rollup(tree.national)
    assert len(queries) <= 7
    north, south = rows
    assert (north.event, north.phase, north.by_severity()) == (
        tree.north,
        "Congress days",
        [2, 0, 1, 0],
    )
    assert (north.scans_today, north.inside, north.overdue_tasks) == (1, 1, 0)
    assert (south.incidents_open, south.overdue_tasks) == (0, 1)
