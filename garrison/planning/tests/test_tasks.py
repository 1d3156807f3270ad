"""Tasks: the four clears, the status flow, dependencies, comments, and who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import make_member
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.planning.models import Task
from garrison.planning.tasks import services
from garrison.planning.tests.conftest import at, complete


def test_a_draft_cannot_be_opened_without_the_four_clears(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    draft = services.create_task(planning, services.TaskData(title="Plan the perimeter"))
    with pytest.raises(DomainError) as caught:
        services.change_status(planning, draft, "open")
    assert caught.value.code == "four_clears"
    assert "owner" in str(caught.value.message) and "deadline" in str(caught.value.message)
    services.update_task(
        planning, draft, complete(tree, planner, event, title="Plan the perimeter")
    )
    assert services.change_status(planning, draft, "open").status == "open"


def test_an_open_task_cannot_lose_a_clear(
    sweep: Task, tree: Tree, planning: Membership, police_commander: User, event: Event
) -> None:
    with pytest.raises(DomainError) as caught:
        services.update_task(
            planning, sweep, complete(tree, police_commander, event, deliverable="")
        )
    assert caught.value.code == "four_clears"


def test_creating_open_without_clears_saves_nothing(planning: Membership) -> None:
    with pytest.raises(DomainError):
        services.create_task(planning, services.TaskData(title="Half a task"), status="open")
    assert not Task.objects.filter(title="Half a task").exists()


def test_status_flow_and_verification(
    sweep: Task, planning: Membership, police_chief: Membership
) -> None:
    services.change_status(police_chief, sweep, "in_progress")
    services.change_status(police_chief, sweep, "done", "Swept at 06:40")
    with pytest.raises(Forbidden):
        services.change_status(police_chief, sweep, "verified")
    task = services.change_status(planning, sweep, "verified")
    assert task.status == "verified" and task.done_at is not None
    assert sweep.comments.get().body == "Swept at 06:40"
    with pytest.raises(DomainError) as caught:
        services.change_status(planning, task, "draft")
    assert caught.value.code == "invalid_transition"
    assert Entry.objects.filter(action="planning.task.status_changed").count() == 3


def test_owner_moves_their_own_task_but_a_viewer_cannot(
    sweep: Task, event: Event, viewer: User
) -> None:
    viewing = Membership.objects.select_related("user", "event").get(user=viewer, event=event)
    with pytest.raises(Forbidden):
        services.change_status(viewing, sweep, "in_progress")
    owner = make_member(event, Role.VIEWER, username="owner-viewer")
    sweep.owner = owner
    sweep.save()
    owning = Membership.objects.select_related("user", "event").get(user=owner, event=event)
    assert services.change_status(owning, sweep, "in_progress").status == "in_progress"


def test_dependency_cycles_are_refused(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    a = services.create_task(planning, complete(tree, planner, event, title="A"))
    b = services.create_task(
        planning, complete(tree, planner, event, title="B", depends_on_ids=[a.pk])
    )
    c = services.create_task(
        planning, complete(tree, planner, event, title="C", depends_on_ids=[b.pk])
    )
    with pytest.raises(DomainError) as caught:
        services.update_task(
            planning, a, complete(tree, planner, event, title="A", depends_on_ids=[c.pk])
        )
    assert caught.value.code == "cycle"
    assert list(a.depends_on.all()) == []
    with pytest.raises(DomainError):
        services.update_task(
            planning, a, complete(tree, planner, event, title="A", depends_on_ids=[a.pk])
        )


def test_due_before_a_prerequisite_is_a_warning(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    fence = services.create_task(
        planning, complete(tree, planner, event, title="Fence", deadline=at(event, 2))
    )
    sweep = services.create_task(
        planning,
        complete(
            tree, planner, event, title="Sweep", deadline=at(event, 1), depends_on_ids=[fence.pk]
        ),
    )
    assert services.dependency_warnings(sweep) == [
        "“Fence” is due after this task, which depends on it."
    ]


def test_deadline_outside_the_event_is_refused(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    import datetime as dt

    late = dt.datetime(2027, 1, 10, 9, tzinfo=event.tzinfo)
    with pytest.raises(DomainError) as caught:
        services.create_task(planning, complete(tree, planner, event, deadline=late))
    assert caught.value.code == "deadline_outside_event"


def test_owner_of_another_event_and_foreign_dependency_are_refused(
    tree: Tree,
    planning: Membership,
    event: Event,
    other_event: Event,
    outsider: User,
    planner: User,
) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_task(planning, complete(tree, outsider, event))
    assert caught.value.field == "owner_id"
    foreign = Task.objects.create(event=other_event, title="Elsewhere")
    with pytest.raises(DomainError) as caught:
        services.create_task(planning, complete(tree, planner, event, depends_on_ids=[foreign.pk]))
    assert caught.value.field == "depends_on_ids"


def test_unit_commander_plans_only_inside_the_subtree(
    tree: Tree, police_chief: Membership, police_commander: User, event: Event
) -> None:
    task = services.create_task(police_chief, complete(tree, police_commander, event))
    assert task.unit_id == tree.team_a.pk
    with pytest.raises(Forbidden):
        services.create_task(
            police_chief, complete(tree, police_commander, event, unit_id=tree.fire.pk)
        )
    with pytest.raises(Forbidden):
        services.update_task(
            police_chief, task, complete(tree, police_commander, event, unit_id=tree.fire.pk)
        )


def test_tasks_of_other_units_are_404_for_a_unit_commander(
    tree: Tree,
    planning: Membership,
    planner: User,
    event: Event,
    police_commander: User,
    client_for: ClientFor,
) -> None:
    fire_task = services.create_task(planning, complete(tree, planner, event, unit_id=tree.fire.pk))
    response = client_for(police_commander).get(
        reverse("planning:task", args=[event.slug, fire_task.pk])
    )
    assert response.status_code == 404


def test_comment_through_the_screen(
    sweep: Task, event: Event, viewer: User, client_for: ClientFor
) -> None:
    url = reverse("planning:task_comment", args=[event.slug, sweep.pk])
    assert client_for(viewer).post(url, {"body": "Hall B door sticks"}).status_code == 302
    assert sweep.comments.get().body == "Hall B door sticks"
    detail = client_for(viewer).get(reverse("planning:task", args=[event.slug, sweep.pk]))
    assert "Hall B door sticks" in detail.content.decode()


def test_planner_creates_a_task_through_the_form(
    tree: Tree, event: Event, planner: User, client_for: ClientFor
) -> None:
    response = client_for(planner).post(
        reverse("planning:task_create", args=[event.slug]),
        {
            "title": "Check fire exits",
            "deliverable": "Checklist",
            "owner_id": planner.pk,
            "unit_id": tree.fire.pk,
            "deadline": "2026-11-30T10:00",
            "priority": "high",
            "open": "1",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(title="Check fire exits")
    assert task.status == "open" and task.deadline == at(event, 1, 10).replace(day=30, month=11)


def test_open_without_clears_through_the_form_is_400(
    tree: Tree, event: Event, planner: User, client_for: ClientFor
) -> None:
    response = client_for(planner).post(
        reverse("planning:task_create", args=[event.slug]),
        {"title": "Vague", "priority": "normal", "open": "1"},
    )
    assert response.status_code == 400
    assert not Task.objects.filter(title="Vague").exists()
