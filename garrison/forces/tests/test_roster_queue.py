"""Roster solves on the real task queue: run by a worker, solved again when their worker dies
(replacing their own draft, pins kept), started once however often the planner clicks, and never
shown "running" forever."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.services import queue
from garrison.core.tests.workers import DATABASE_TASKS, until, worker_thread
from garrison.forces.members import services as member_services
from garrison.forces.models import Assignment, Post, RosterRun, RunStatus
from garrison.forces.posts import services as post_services
from garrison.forces.roster import services as roster_services
from garrison.forces.roster.services import runs
from garrison.forces.tests.conftest import Tree

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def door(planning: Membership, tree: Tree) -> Post:
    """A door to hold for 24 hours, and five guards qualified for it."""
    for i in range(5):
        member_services.create_member(
            planning,
            member_services.MemberData(
                f"Guard {i}", tree.team_a.pk, qualification_ids=[tree.access_control.pk]
            ),
        )
    rules = roster_services.rules_for(planning.event)
    window = post_services.WindowData(rules.starts_at, rules.starts_at + dt.timedelta(hours=24), 1)
    data = post_services.PostData(
        "Main-hall door", "door", windows=[window], skills={tree.access_control.pk: 1}
    )
    return post_services.save_post(planning, data)


def _hours() -> float:
    return sum((a.ends_at - a.starts_at).total_seconds() / 3600 for a in Assignment.objects.all())


def _solved() -> int:
    return Entry.objects.filter(action="forces.roster.solved").count()


def _done(run: RosterRun) -> Callable[[], bool]:
    return lambda: not RosterRun.objects.get(pk=run.pk).active


@pytest.mark.usefixtures("door")
def test_a_solve_started_on_the_page_is_run_by_a_worker(
    planner: User, planning: Membership, client_for: Callable[[User], Client]
) -> None:
    slug = planning.event.slug
    client_for(planner).post(reverse("forces:roster_start", kwargs={"event": slug}))
    run = RosterRun.objects.get()
    assert run.status == RunStatus.QUEUED and run.task_id
    with worker_thread() as worker:
        until(_done(run), 120, "the solve")
    run.refresh_from_db()
    assert (run.status, run.attempts, run.worker) == (RunStatus.DONE, 1, worker)
    assert _hours() == 24 and _solved() == 1


def test_a_solve_whose_worker_died_is_solved_again_and_replaces_its_own_draft(
    planning: Membership, tree: Tree, door: Post
) -> None:
    start = roster_services.rules_for(planning.event).starts_at
    pin = roster_services.assign(
        planning, door, tree.patrol_a, start + dt.timedelta(hours=8), start + dt.timedelta(hours=12)
    )
    runs.execute_run(runs.start_run(planning, background=False).pk, workers=1)
    assert _hours() == 24 and _solved() == 1  # the draft a second solve replaces

    run = runs.start_run(planning, background=False)
    hung, go_on = threading.Event(), threading.Event()

    def hang(line: str) -> None:  # the solver stops answering: its worker is as good as dead
        hung.set()
        go_on.wait(timeout=120)

    def stuck_solve() -> None:
        try:
            runs.execute_run(run.pk, log=hang, workers=1, worker="stuck")
        finally:
            connection.close()

    queue.worker_started("stuck")
    queue.worker_stopped("stuck")
    thread = threading.Thread(target=stuck_solve)
    thread.start()
    try:
        assert hung.wait(timeout=60)
        assert runs.recover_lost() == 1
        # Its progress writes now find the run taken from it: it stops, saving nothing.
        thread.join(timeout=30)
        assert not thread.is_alive()
        run.refresh_from_db()
        assert (run.status, run.attempts, run.worker) == (RunStatus.QUEUED, 1, "")
        with worker_thread():
            until(_done(run), 120, "the second solve")
    finally:
        go_on.set()
        thread.join(timeout=30)
    run.refresh_from_db()
    assert (run.status, run.attempts) == (RunStatus.DONE, 2)
    assert _hours() == 24 and _solved() == 2  # replaced, not added to
    assert Assignment.objects.filter(pk=pin.pk, pinned=True).exists()


@pytest.mark.usefixtures("door")
def test_a_run_waiting_while_no_worker_runs_says_so(
    planner: User, planning: Membership, client_for: Callable[[User], Client]
) -> None:
    client, slug = client_for(planner), planning.event.slug
    client.post(reverse("forces:roster_start", kwargs={"event": slug}))
    page = client.get(reverse("forces:roster", kwargs={"event": slug})).content.decode()
    assert "No background worker is running" in page
    queue.worker_started("on-duty")
    run = client.get(reverse("forces:roster_run", kwargs={"event": slug})).content.decode()
    assert "No background worker is running" not in run and "hx-get" in run


@pytest.mark.usefixtures("door")
def test_two_clicks_on_solve_start_one_run(
    planner: User, planning: Membership, client_for: Callable[[User], Client]
) -> None:
    url = reverse("forces:roster_start", kwargs={"event": planning.event.slug})
    together = threading.Barrier(2)

    def click(client: Client) -> None:
        try:
            together.wait(timeout=10)
            client.post(url)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(client_for(planner),)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert RosterRun.objects.count() == 1


def test_a_solve_that_stopped_moving_or_kept_dying_is_failed_with_the_reason(
    planner: User, planning: Membership, client_for: Callable[[User], Client]
) -> None:
    now = timezone.now()
    queue.worker_started("dead-twice")
    queue.worker_stopped("dead-twice")
    RosterRun.objects.create(
        event=planning.event,
        status=RunStatus.RUNNING,
        heartbeat=now,
        worker="dead-twice",
        attempts=runs.MAX_ATTEMPTS,
    )
    assert queue.sweep() == 1
    assert RosterRun.objects.get().error == "interrupted"
    # No worker left to notice (none runs, or it is stuck): the page gives up on its heartbeat.
    stale = RosterRun.objects.create(
        event=planning.event,
        status=RunStatus.RUNNING,
        heartbeat=now - runs.STALE_AFTER - dt.timedelta(seconds=1),
    )
    url = reverse("forces:roster_run", kwargs={"event": planning.event.slug})
    text = client_for(planner).get(url).content.decode()
    assert "hx-get" not in text and "server was restarted" in text
    stale.refresh_from_db()
    assert (stale.status, stale.error) == (RunStatus.FAILED, "interrupted")
