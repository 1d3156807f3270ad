"""The task views: mine, my unit's, overdue and due soon, by phase, and progress per unit."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.planning.models import Task
from garrison.planning.tasks import queries, services
from garrison.planning.tests.conftest import complete


def _titles(response: object) -> set[str]:
    return {t.title for t in response.context["page"].object_list}  # type: ignore[attr-defined]


def _make(planning: Membership, tree: Tree, owner: User, event: Event) -> dict[str, Task]:
    now = timezone.now()
    # Deadlines relative to now must still fall within the event window; move them directly.
    tasks = {
        "late": services.create_task(
            planning, complete(tree, owner, event, title="Late"), status="open"
        ),
        "soon": services.create_task(
            planning,
            complete(tree, owner, event, title="Soon", unit_id=tree.fire.pk),
            status="open",
        ),
        "later": services.create_task(
            planning, complete(tree, owner, event, title="Later"), status="open"
        ),
    }
    Task.objects.filter(pk=tasks["late"].pk).update(deadline=now - dt.timedelta(hours=3))
    Task.objects.filter(pk=tasks["soon"].pk).update(deadline=now + dt.timedelta(hours=5))
    Task.objects.filter(pk=tasks["later"].pk).update(deadline=now + dt.timedelta(days=20))
    return tasks


def test_overdue_and_due_soon_views(
    tree: Tree, planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    _make(planning, tree, planner, event)
    client = client_for(planner)
    url = reverse("planning:tasks", args=[event.slug])
    assert _titles(client.get(url, {"view": "overdue"})) == {"Late"}
    assert _titles(client.get(url, {"view": "due_soon"})) == {"Soon"}
    assert _titles(client.get(url, {"view": "mine"})) == {"Late", "Soon", "Later"}
    body = client.get(url).content.decode()
    assert 'class="overdue"' in body and 'class="due-soon"' in body


def test_my_units_tasks_for_a_unit_commander(
    tree: Tree,
    planning: Membership,
    planner: User,
    event: Event,
    police_commander: User,
    client_for: ClientFor,
) -> None:
    _make(planning, tree, planner, event)
    response = client_for(police_commander).get(
        reverse("planning:tasks", args=[event.slug]), {"view": "unit"}
    )
    assert _titles(response) == {"Late", "Later"}


def test_progress_per_unit_counts_finished_and_overdue(
    tree: Tree, planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    tasks = _make(planning, tree, planner, event)
    services.change_status(planning, tasks["later"], "done")
    rows = {row.label: row for row in queries.progress(planning, "unit")}
    team_a = rows["Patrol team A"]
    assert (team_a.total, team_a.finished, team_a.overdue, team_a.percent) == (2, 1, 1, 50)
    assert rows["Fire brigade"].finished == 0
    response = client_for(planner).get(reverse("planning:progress", args=[event.slug]))
    assert response.status_code == 200 and "Patrol team A" in response.content.decode()
