"""Badge batches on the real task queue: built by a worker process, rebuilt after their worker is
killed mid-build, failed with the reason when that keeps happening, built once however often the
officer clicks or the task is delivered, and refused with a message when the queue is down."""

from __future__ import annotations

import io
import signal
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from garrison.accounts.models import Membership, User
from garrison.accreditation.badges import services as badge_jobs
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.models import BadgeJob, Category, CategoryGrant, Person
from garrison.audit.models import Entry
from garrison.core.models import Worker
from garrison.core.services import queue
from garrison.core.tests.workers import DATABASE_TASKS, until, worker_process, worker_thread
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = DATABASE_TASKS


def _badges(officer_m: Membership, delegate: Category, hall: Zone, count: int) -> None:
    CategoryGrant.objects.create(
        category=delegate, zone=hall, first_day=hall.event.starts_on, last_day=hall.event.ends_on
    )
    Person.objects.bulk_create(
        Person(event=officer_m.event, category=delegate, full_name=f"Trần Văn Số {n}")
        for n in range(count)
    )
    credentials.issue_missing(officer_m, Person.objects.filter(event=officer_m.event))


def _start(client: Client, event: Event) -> Any:
    return client.post(
        reverse("accreditation:badge_job_start", kwargs={"event": event.slug}), {"layout": "cr80"}
    )


def _pages(job: BadgeJob) -> int:
    return len(PdfReader(io.BytesIO(bytes(job.pdf or b""))).pages)


def _built(job: BadgeJob) -> int:
    return Entry.objects.filter(
        action="accreditation.badge_job.built", object_id=str(job.pk)
    ).count()


@pytest.mark.usefixtures("database_queue")
def test_a_batch_started_on_the_page_is_built_by_a_worker_process(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
) -> None:
    _badges(officer_m, delegate, hall, 4)
    assert _start(client_for(officer), event).status_code == 302
    job = BadgeJob.objects.get(event=event)
    assert job.state == BadgeJob.State.QUEUED and job.task_id
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.READY

    worker = worker_process("--batch")  # runs what is queued, then stops
    output, _ = worker.communicate(timeout=180)
    assert worker.returncode == 0, output
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == (BadgeJob.State.DONE, 4, 4, 1)
    assert _pages(job) == 4 and _built(job) == 1
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
    # It answered the roll call under the name it wrote on the batch, and said when it stopped.
    assert Worker.objects.get(id=job.worker).stopped is not None


@pytest.mark.usefixtures("database_queue")
def test_a_batch_waiting_while_no_worker_runs_says_so(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
) -> None:
    _badges(officer_m, delegate, hall, 1)
    client = client_for(officer)
    page = client.get(_start(client, event)["Location"]).content.decode()
    assert "No background worker is running" in page and 'data-state="queued"' in page
    queue.worker_started("on-duty")
    job = BadgeJob.objects.get(event=event)
    url = reverse("accreditation:badge_job_progress", kwargs={"event": event.slug, "pk": job.pk})
    assert "No background worker is running" not in client.get(url).content.decode()


# The first worker of the test below writes its progress after every badge and, once it has
# written some, stops there until it is killed: killed mid-build however busy the machine is, and
# the batch need not be large enough for the test to catch its worker before the end.
# (select, not time.sleep: it also sleeps under the shifted clocks of .ci/run, conftest.py.)
HOLD_MID_BUILD = """
import select
from garrison.accreditation.badges import services

build = services.execute_job

def hold_once_started(done):
    while done:
        select.select([], [], [], 60)

def execute_job(job_id, **options):
    return build(job_id, every=0, observe=hold_once_started, **options)

services.execute_job = execute_job
"""


@pytest.mark.usefixtures("database_queue")
def test_a_batch_whose_worker_is_killed_mid_build_is_built_by_the_next_worker(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
) -> None:
    count = 12
    _badges(officer_m, delegate, hall, count)
    first = worker_process(setup=HOLD_MID_BUILD)
    try:
        _start(client_for(officer), event)
        job = BadgeJob.objects.get(event=event)
        lost_task = job.task_id

        def mid_build() -> bool:
            job.refresh_from_db(fields=["state", "done"])
            assert job.state != BadgeJob.State.DONE, "built before the test could kill its worker"
            return job.state == BadgeJob.State.BUILDING and job.done > 0

        until(mid_build, 120, "the first worker to be building")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        first.kill()
        first.communicate()
    job.refresh_from_db()
    assert job.state == BadgeJob.State.BUILDING and 0 < job.done < count  # as the dead left it

    # The next worker started on this machine sees at once that its predecessor is gone.
    second = worker_process("--batch")
    output, _ = second.communicate(timeout=180)
    assert second.returncode == 0, output
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts) == (BadgeJob.State.DONE, count, 2)
    assert _pages(job) == count and _built(job) == 1
    lost = DBTaskResult.objects.get(id=lost_task)
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "garrison.core.services.queue.WorkerLost"
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL


def _lost_worker(worker_id: str) -> None:
    queue.worker_started(worker_id)
    queue.worker_stopped(worker_id)


@pytest.mark.usefixtures("database_queue")
def test_a_build_given_up_on_stops_and_saves_nothing_while_the_rerun_finishes(
    officer_m: Membership, delegate: Category, hall: Zone
) -> None:
    _badges(officer_m, delegate, hall, 3)
    job = badge_jobs.start_job(officer_m, "a6", background=False)
    hung, go_on = threading.Event(), threading.Event()

    def observe(done: int) -> None:
        hung.set()  # a worker stuck mid-build: it answers nothing, then wakes up
        go_on.wait(timeout=60)

    def stuck_build() -> None:
        try:
            badge_jobs.execute_job(job.pk, worker="stuck", every=0, observe=observe)
        finally:
            connection.close()

    _lost_worker("stuck")  # the roll call has given up on it
    thread = threading.Thread(target=stuck_build)
    thread.start()
    assert hung.wait(timeout=60)
    assert badge_jobs.recover_lost() == 1
    job.refresh_from_db()
    assert (job.state, job.attempts, job.worker) == (BadgeJob.State.QUEUED, 1, "")
    with worker_thread():
        until(lambda: BadgeJob.objects.get(pk=job.pk).state == BadgeJob.State.DONE, 60, "rerun")
    go_on.set()
    thread.join(timeout=60)
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts) == (BadgeJob.State.DONE, 3, 2)
    assert job.worker != "stuck" and _pages(job) == 3 and _built(job) == 1


@pytest.mark.usefixtures("database_queue")
def test_a_batch_whose_builds_keep_dying_is_failed_with_the_reason(
    client_for: Callable[[User], Client], officer: User, event: Event
) -> None:
    _lost_worker("dead-twice")
    now = timezone.now()
    job = BadgeJob.objects.create(
        event=event,
        layout="a6",
        total=10,
        done=3,
        state=BadgeJob.State.BUILDING,
        heartbeat=now,
        worker="dead-twice",
        attempts=badge_jobs.MAX_ATTEMPTS,
    )
    assert queue.sweep() == 1
    job.refresh_from_db()
    assert (job.state, job.error) == (BadgeJob.State.FAILED, "interrupted")
    url = reverse("accreditation:badge_job_progress", kwargs={"event": event.slug, "pk": job.pk})
    text = client_for(officer).get(url).content.decode()
    assert "hx-get" not in text and "server was restarted" in text


@pytest.mark.usefixtures("database_queue")
def test_a_batch_whose_task_failed_before_it_began_is_failed_not_left_waiting(
    officer_m: Membership, delegate: Category, hall: Zone
) -> None:
    _badges(officer_m, delegate, hall, 2)
    job = badge_jobs.start_job(officer_m, "a6")
    task = DBTaskResult.objects.get(id=job.task_id)
    task.set_failed(ImportError("the worker runs another version of Garrison"))
    assert badge_jobs.recover_lost() == 1
    job.refresh_from_db()
    assert (job.state, job.error) == (BadgeJob.State.FAILED, "error")


@pytest.mark.usefixtures("database_queue")
def test_two_clicks_on_make_the_pdf_build_one_batch_once(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
) -> None:
    _badges(officer_m, delegate, hall, 3)
    clients = [client_for(officer), client_for(officer)]
    together = threading.Barrier(2)
    answers: list[str] = []

    def click(client: Client) -> None:
        try:
            together.wait(timeout=10)
            answers.append(_start(client, event)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    job = BadgeJob.objects.get(event=event)  # one batch
    page = reverse("accreditation:badge_job", kwargs={"event": event.slug, "pk": job.pk})
    assert answers == [page, page]  # both clicks land on it
    assert DBTaskResult.objects.count() == 1
    # Even a task delivered twice builds it once: the second finds the batch taken.
    queue.enqueue(badge_jobs.build_batch, job.pk)
    with worker_thread():
        until(lambda: DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == 0, 60, "both")
    job.refresh_from_db()
    assert (job.state, job.attempts) == (BadgeJob.State.DONE, 1) and _built(job) == 1


@pytest.mark.usefixtures("database_queue")
def test_a_queue_that_is_down_gets_a_clear_message_and_saves_nothing(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _badges(officer_m, delegate, hall, 2)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(DBTaskResult.objects, "create", down)
    client = client_for(officer)
    answer = _start(client, event)
    badges = reverse("accreditation:badges", kwargs={"event": event.slug})
    assert (answer.status_code, answer["Location"]) == (302, badges)
    assert "cannot be queued right now" in client.get(badges).content.decode()
    assert not BadgeJob.objects.exists()
    assert not Entry.objects.filter(action="accreditation.badge_job.started").exists()


def test_on_a_backend_that_refuses_after_the_commit_the_batch_shows_failed_with_the_reason(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _badges(officer_m, delegate, hall, 2)

    def down(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the queue's broker is down")

    monkeypatch.setattr(ImmediateBackend, "enqueue", down)
    client = client_for(officer)
    page = client.get(_start(client, event)["Location"]).content.decode()
    job = BadgeJob.objects.get(event=event)
    assert (job.state, job.error) == (BadgeJob.State.FAILED, "queue_unavailable")
    assert "could not be queued" in page
