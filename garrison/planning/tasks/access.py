"""Every read of the plan: scoped to the event, and for unit-scoped roles to their subtree."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import Membership, User
from garrison.accounts.scope import unit_scope
from garrison.events.models import Event
from garrison.planning.tasks.models import Task


def visible_tasks(membership: Membership) -> QuerySet[Task]:
    """Event-wide roles see every task; unit-scoped ones their subtree's tasks and their own."""
    tasks = Task.objects.filter(event_id=membership.event_id)
    units = unit_scope(membership)
    if units is None:
        return tasks
    return tasks.filter(Q(unit_id__in=units) | Q(owner_id=membership.user_id))


def access_task_by_id(user: User, event: Event, task_id: int) -> Task:
    membership = membership_for(user, event)
    if membership is None:
        raise Http404
    task = (
        visible_tasks(membership)
        .select_related("owner", "unit", "phase", "site")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task
