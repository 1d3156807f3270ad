"""On the real task queue with two workers: a publication clicked twice is one job and one
version, and a situation report's set time is published once, whichever worker gets there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from garrison.accounts.models import Membership, Role, User
from garrison.core.tests.workers import DATABASE_TASKS, until, worker_thread
from garrison.events.models import Event
from garrison.reports.models import PublishedPlan, PublishJob, Sitrep
from garrison.reports.sitreps import services as sitreps

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_workers_publish_a_double_click_once_and_each_set_time_once(
    settings: Any, event: Event, members: dict[str, User], membership_of: Callable[..., Membership],
    client_for: Callable[[User], Client], clock: time_machine.Traveller,
) -> None:  # fmt: skip
    settings.TASKS = DATABASE_TASKS
    # 10:00 on the congress's second day; the report of 09:30 is due.
    clock.move_to(dt.datetime.combine(event.starts_on + dt.timedelta(days=1), dt.time(10),
                                      tzinfo=event.tzinfo))  # fmt: skip
    sitreps.save_schedule(membership_of(members[Role.DUTY_OFFICER], event), "09:30", "")
    commander = client_for(members[Role.COMMANDER])
    url = reverse("reports:publish", kwargs={"event": event.slug})
    assert commander.post(url, {"language": "en"}).status_code == 302
    assert commander.post(url, {"language": "en"}).status_code == 302
    job = PublishJob.objects.get()
    assert job.state == PublishJob.State.QUEUED and job.task_id
    with worker_thread(), worker_thread():
        until(lambda: not PublishJob.objects.get().active, 60, "the publication")
        until(lambda: Sitrep.objects.exists(), 60, "the 09:30 report")
    job.refresh_from_db()
    assert job.state == PublishJob.State.DONE and job.attempts == 1
    assert PublishedPlan.objects.count() == 1
    assert DBTaskResult.objects.get(id=job.task_id).status == TaskResultStatus.SUCCESSFUL
    (sitrep,) = Sitrep.objects.all()
    assert sitrep.scheduled_for is not None
    assert sitrep.scheduled_for.astimezone(event.tzinfo).strftime("%H:%M") == "09:30"
