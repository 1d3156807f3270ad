"""The commander's daily digest: overdue and due-soon tasks, on a page and from the command."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.planning.models import Task
from garrison.planning.tasks import services
from garrison.planning.tests.conftest import complete


def _plan(planning: Membership, tree: Tree, owner: User, event: Event) -> None:
    now = timezone.now()
    for title, hours in (("Late", -3), ("Soon", 5), ("Later", 24 * 20)):
        task = services.create_task(
            planning, complete(tree, owner, event, title=title), status="open"
        )
        Task.objects.filter(pk=task.pk).update(deadline=now + dt.timedelta(hours=hours))


def test_the_digest_page_lists_overdue_and_due_soon(
    tree: Tree, planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    _plan(planning, tree, planner, event)
    digest = (
        client_for(planner).get(reverse("planning:digest", args=[event.slug])).context["digest"]
    )
    assert [t.title for t in digest.overdue] == ["Late"]
    assert [t.title for t in digest.due_soon] == ["Soon"]


def test_the_command_prints_the_digest(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    _plan(planning, tree, planner, event)
    out = io.StringIO()
    call_command("task_digest", event.slug, stdout=out)
    text = out.getvalue()
    assert "OVERDUE (1)" in text and "DUE WITHIN 48 H (1)" in text
    assert text.index("Late") < text.index("Soon") and "Later" not in text
