"""Publishing on the task queue: the request queues a job, the page shows its progress and then
the version; a request or a task delivered twice makes one version; a resource that breaks while
the job waits fails it with the reason; a job whose worker died is queued again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.core.models import Worker
from garrison.events.models import Event, Site
from garrison.forces.models import Unit
from garrison.readiness.models import Resource, ResourceKind, ResourceType
from garrison.reports import services
from garrison.reports.models import PublishedPlan, PublishJob
from garrison.reports.publishing import services as publishing

MembershipOf = Callable[[User, Event], Membership]


def test_the_page_queues_the_job_shows_its_progress_and_then_the_version(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    commander = client_for(members[Role.COMMANDER])
    url = reverse("reports:publish", kwargs={"event": event.slug})
    assert commander.post(url, {"language": "en"}).status_code == 302
    # Inside the test's transaction the queue's task never starts: the job waits, as it would
    # for a busy worker, and a second click finds it.
    assert commander.post(url, {"language": "en"}).status_code == 302
    job = PublishJob.objects.get()
    assert job.state == PublishJob.State.QUEUED and not PublishedPlan.objects.exists()
    progress_url = reverse("reports:publish_job", kwargs={"event": event.slug})
    waiting = client_for(members[Role.VIEWER]).get(progress_url).content.decode()
    assert "Waiting to start" in waiting and 'hx-trigger="every 1s"' in waiting
    assert "No background worker is running" in waiting
    seen: list[int] = []
    done = publishing.execute_publish(job.pk, observe=seen.append)
    assert seen == list(range(1, job.steps + 1))
    assert done.state == PublishJob.State.DONE and done.published is not None
    page = commander.get(progress_url).content.decode()
    assert "Version 1 is published." in page and "hx-trigger" not in page
    # A second delivery of the task finds the row taken: still one version.
    publishing.execute_publish(job.pk)
    assert PublishedPlan.objects.count() == 1
    assert Entry.objects.filter(action="reports.plan.publish_requested").count() == 1


def test_a_resource_that_breaks_while_the_job_waits_fails_it_with_the_reason(
    event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    commander = membership_of(members[Role.COMMANDER], event)
    plan = services.plan_for(event)
    job = publishing.start_publish(commander, plan, "en", background=False)
    kind = ResourceKind.objects.create(event=event, code="med", name="Medical")
    kind_type = ResourceType.objects.create(event=event, kind=kind, code="AMB", name="Ambulance")
    Resource.objects.create(
        event=event, type=kind_type, identifier="XC-02", status="out_of_service",
        owner_unit=Unit.objects.create(event=event, name="Y tế", code="YT", type="medical"),
        site=Site.objects.create(event=event, name="Cung", kind="venue", lat=21.0, lon=105.8),
    )  # fmt: skip
    failed = publishing.execute_publish(job.pk)
    assert failed.state == PublishJob.State.FAILED and failed.error == "unusable_resource"
    assert "XC-02" in failed.message and not PublishedPlan.objects.exists()


def test_a_job_whose_worker_died_is_queued_again_then_failed(
    event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    commander = membership_of(members[Role.COMMANDER], event)
    job = publishing.start_publish(commander, services.plan_for(event), "vi", background=False)
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    Worker.objects.create(id="gone", host="elsewhere", pid=1, started=long_ago, seen=long_ago)
    PublishJob.objects.filter(pk=job.pk).update(state="building", worker="gone", attempts=1)
    assert publishing.recover_lost() == 1
    job.refresh_from_db()
    assert job.state == PublishJob.State.QUEUED and job.worker == ""
    PublishJob.objects.filter(pk=job.pk).update(state="building", worker="gone", attempts=2)
    assert publishing.recover_lost() == 1
    job.refresh_from_db()
    assert job.state == PublishJob.State.FAILED and job.error == "interrupted"
