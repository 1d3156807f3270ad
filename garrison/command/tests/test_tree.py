"""Events within events: a parent's command reads down, writes only where it holds a role, and
siblings never see each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.access import access_event_by_slug, membership_for, require_role
from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.command.tests.conftest import Tree, membership
from garrison.conftest import make_member
from garrison.core.errors import DomainError, Forbidden, NotFound
from garrison.events.services.tree import set_parent
from garrison.events.tree import ancestor_ids
from garrison.planning.tasks.models import Task

ClientFor = Callable[[User], Client]


def test_a_parent_commander_reads_a_sub_event_with_a_read_only_membership(tree: Tree) -> None:
    event, derived = access_event_by_slug(tree.chief, "north")
    assert event == tree.north
    assert derived.role == Role.VIEWER and derived.pk is None
    assert derived.inherited_from_id == tree.national.pk and derived.read_role == Role.COMMANDER
    with pytest.raises(Forbidden):
        require_role(derived, (Role.COMMANDER, Role.VIEWER))


def test_roles_outside_the_command_staff_do_not_read_down(tree: Tree) -> None:
    dispatcher = make_member(tree.national, Role.DISPATCHER, "national-dispatcher")
    assert membership_for(dispatcher, tree.north) is None
    # A sub-event's command never reads up, nor across to its sibling.
    assert membership_for(tree.north_chief, tree.national) is None
    assert membership_for(tree.north_chief, tree.south) is None


def test_pages_answer_reads_with_200_writes_with_403_and_siblings_with_404(
    tree: Tree, client_for: ClientFor
) -> None:
    chief, north_chief = client_for(tree.chief), client_for(tree.north_chief)
    reads = (
        "events:dashboard",
        "ops:incidents",
        "planning:tasks",
        "checkin:occupancy",
        "readiness:board",
    )
    for name in reads:
        assert chief.get(reverse(name, kwargs={"event": "north"})).status_code == 200, name
    # Not the register of people, the members or the audit log: those stay with the province.
    for name in ("accreditation:people", "audit:list", "members:list"):
        assert chief.get(reverse(name, kwargs={"event": "north"})).status_code == 403, name
    create = reverse("planning:task_create", kwargs={"event": "north"})
    assert chief.get(create).status_code == 403
    assert chief.post(create, {"title": "From above"}).status_code == 403
    assert not Task.objects.filter(event=tree.north).exists()
    # Siblings, and a province looking up: as if the event did not exist.
    assert (
        north_chief.get(reverse("events:dashboard", kwargs={"event": "south"})).status_code == 404
    )
    assert (
        north_chief.get(reverse("events:dashboard", kwargs={"event": "national"})).status_code
        == 404
    )


def test_a_grant_in_the_sub_event_lets_the_parent_commander_write_there(
    tree: Tree, client_for: ClientFor
) -> None:
    Membership.objects.create(user=tree.chief, event=tree.north, role=Role.PLANNER)
    url = reverse("planning:task_create", kwargs={"event": "north"})
    response = client_for(tree.chief).post(url, {"title": "Granted", "priority": "normal"})
    assert response.status_code == 302
    assert Task.objects.filter(event=tree.north, title="Granted").exists()


def test_reading_down_reaches_grandchildren(tree: Tree) -> None:
    district = type(tree.north).objects.create(
        slug="district",
        name="District",
        starts_on=tree.north.starts_on,
        ends_on=tree.north.ends_on,
        parent=tree.north,
    )
    assert ancestor_ids(district) == [tree.north.pk, tree.national.pk]
    derived = membership_for(tree.chief, district)
    assert derived is not None and derived.inherited_from_id == tree.national.pk
    assert membership_for(tree.south_chief, district) is None


def test_set_parent_refuses_a_cycle_and_a_parent_not_commanded(tree: Tree) -> None:
    # The chief also commands the north province, and tries to put the nation under it.
    Membership.objects.create(user=tree.chief, event=tree.north, role=Role.COMMANDER)
    with pytest.raises(DomainError) as cycle:
        set_parent(membership(tree.chief, tree.national), "north")
    assert cycle.value.code == "cycle" and cycle.value.status == 400
    with pytest.raises(DomainError) as itself:
        set_parent(membership(tree.chief, tree.national), "national")
    assert itself.value.code == "cycle"
    with pytest.raises(NotFound):
        set_parent(membership(tree.north_chief, tree.north), "south")
    tree.national.refresh_from_db()
    assert tree.national.parent_id is None


def test_set_parent_is_audited_on_both_sides(tree: Tree) -> None:
    loose = type(tree.north).objects.create(
        slug="loose", name="Loose", starts_on=tree.north.starts_on, ends_on=tree.north.ends_on
    )
    Membership.objects.create(user=tree.chief, event=loose, role=Role.COMMANDER)
    set_parent(membership(tree.chief, loose), "national")
    loose.refresh_from_db()
    assert loose.parent_id == tree.national.pk
    assert Entry.objects.filter(event_id=loose.pk, action="events.event.parent_set").exists()
    assert Entry.objects.filter(
        event_id=tree.national.pk, action="events.subevent.changed"
    ).exists()


def test_the_parent_form_answers_a_cycle_with_400(tree: Tree, client_for: ClientFor) -> None:
    Membership.objects.create(user=tree.chief, event=tree.north, role=Role.COMMANDER)
    url = reverse("command:parent", kwargs={"event": "national"})
    assert client_for(tree.chief).post(url, {"parent": "north"}).status_code == 400
    assert (
        client_for(tree.north_chief)
        .post(reverse("command:parent", kwargs={"event": "north"}), {"parent": "south"})
        .status_code
        == 404
    )


def test_dates_do_not_matter_to_the_tree(tree: Tree) -> None:
    # A sub-event may run on other days than its parent: a province's watch starts earlier.
    tree.north.starts_on -= dt.timedelta(days=10)
    tree.north.save()
    assert membership_for(tree.chief, tree.north) is not None


def test_the_api_gives_the_parent_the_sub_events_figures_and_siblings_nothing(
    tree: Tree, client_for: ClientFor
) -> None:
    chief = client_for(tree.chief)
    rollup = chief.get(reverse("api:command_rollup", kwargs={"event": "national"}))
    assert rollup.status_code == 200
    assert [row["event"] for row in rollup.json()] == ["north", "south"]
    state = chief.get(reverse("api:command_state", kwargs={"event": "north"})).json()
    assert state["event"] == "north" and state["incidents_by_severity"] == [0, 0, 0, 0]
    # The province's viewer is no command staff; the next province is a stranger.
    viewer = client_for(make_member(tree.north, Role.VIEWER, "north-viewer"))
    assert viewer.get(reverse("api:command_state", kwargs={"event": "north"})).status_code == 403
    south = client_for(tree.south_chief)
    assert south.get(reverse("api:command_state", kwargs={"event": "north"})).status_code == 404
