"""Publishing the action plan, as a job on the task queue (garrison.core.services.queue).

``start_publish`` checks the plan can be published (no assigned resource out of service or
expired: a clear message at once), writes a PublishJob row and puts its task on the queue in the
same transaction; a ``garrison worker`` claims the row (queued → building) and builds the packet,
writing its progress to the row section by section, then stores the version, hashes it into the
audit chain and signs it. The page polls the row and shows the version when it is there.

Once per submission: a second request for the same plan while a job is active gets that job
back (a partial unique index holds it when two requests race), a second delivery of the task
finds the row taken, and each write names the build it belongs to (``attempts``), so a build
that was given up on stores nothing. The rule on resources is checked again by the worker: the
inventory may change while the job waits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.credentials.event_keys import key_in_force, sign_bytes
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.db import serialise_on
from garrison.core.errors import DomainError
from garrison.core.services import queue
from garrison.events.models import Event
from garrison.readiness.medical.plan import medical_plan
from garrison.reports import snapshot
from garrison.reports.models import ActionPlan, Language, PublishedPlan, PublishJob
from garrison.reports.roles import PUBLISHERS
from garrison.reports.services import blockers

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(minutes=2)  # a build writes progress every section, seconds apart
MAX_ATTEMPTS = 2
ACTIVE = (PublishJob.State.QUEUED, PublishJob.State.BUILDING)


def unusable_error(plan: ActionPlan) -> DomainError | None:
    """The refusal to publish while an assigned resource is unusable, or None."""
    blocking = blockers(plan)
    if not blocking:
        return None
    names = ", ".join(str(r) for r in blocking[:10])
    return DomainError(
        "unusable_resource",
        _("The plan cannot be published while these assigned resources are out of service "
          "or expired: %(names)s.") % {"names": names},
        status=409,
    )  # fmt: skip


def expire_stale(event: Event) -> int:
    """Fail the event's builds whose heartbeat stopped (no worker left to sweep them)."""
    now = timezone.now()
    stale = PublishJob.objects.filter(
        event=event, state=PublishJob.State.BUILDING, heartbeat__lt=now - STALE_AFTER
    )
    if not stale.exists():  # every poll comes here: a read first keeps SQLite's write lock free
        return 0
    return stale.update(state=PublishJob.State.FAILED, error="interrupted", finished=now)


def latest_job(plan: ActionPlan) -> PublishJob | None:
    expire_stale(plan.event)
    return PublishJob.objects.filter(plan=plan).select_related("published").first()


def start_publish(
    membership: Membership, plan: ActionPlan, language: str, *, background: bool = True
) -> PublishJob:
    """Queue the publication of ``plan`` in ``language``; the job already active for the plan
    when there is one (a request sent twice is one job)."""
    # The packet's module (fpdf and its fonts) is imported when a plan is published, not with this
    # module, which the plan's pages (and so every process that loads the URLs) import.
    from garrison.reports.packet import STEPS

    require_role(membership, PUBLISHERS)
    language = validate.choice(language, Language, "language")
    if (refusal := unusable_error(plan)) is not None:
        raise refusal
    event = plan.event
    try:
        with transaction.atomic():
            serialise_on(f"publish_jobs:{plan.pk}")
            expire_stale(event)
            running = PublishJob.objects.filter(plan=plan, state__in=ACTIVE).first()
            if running is not None:
                return running
            job = PublishJob.objects.create(
                event=event, plan=plan, language=language, requested_by=membership.user,
                steps=STEPS, heartbeat=timezone.now(),
            )  # fmt: skip
            record(
                Actor.of_user(membership.user),
                "reports.plan.publish_requested",
                job,
                event_id=event.pk,
                after={"plan": plan.pk, "language": language},
            )
            if background:
                job.task_id = _enqueue(job.pk)
    except IntegrityError:
        # Two requests at once: the other one's job stands (the partial unique index).
        found = PublishJob.objects.filter(plan=plan, state__in=ACTIVE).first()
        if found is None:
            raise
        return found
    return job


def _enqueue(job_id: int) -> str:
    return queue.enqueue_job(PublishJob, publish_task, job_id)


# Ahead of the roster's long solves: a commander waits for the plan to print it.
@task(takes_context=True, priority=10)
def publish_task(context: TaskContext, job_id: int) -> None:
    """The queue's task: a worker publishes the job ``job_id``."""
    execute_publish(job_id, worker=queue.worker_of(context))


class _TakenAway(Exception):  # not an error: the row went to another build
    """The row no longer belongs to this build: the sweep gave it to another or failed it."""


def execute_publish(
    job_id: int, *, worker: str = "", observe: Callable[[int], None] | None = None
) -> PublishJob:
    """Build and store the job's version, writing progress to its row. A job that is not queued
    (taken already, or expired) is left alone; one whose plan became unpublishable meanwhile
    fails with the reason."""
    rows = PublishJob.objects.filter(pk=job_id)
    if not rows.filter(state=PublishJob.State.QUEUED).update(
        state=PublishJob.State.BUILDING,
        heartbeat=timezone.now(),
        worker=worker,
        attempts=F("attempts") + 1,
    ):
        return PublishJob.objects.get(pk=job_id)
    job = PublishJob.objects.select_related("plan__event", "requested_by").get(pk=job_id)
    mine = rows.filter(state=PublishJob.State.BUILDING, attempts=job.attempts)

    def write(**fields: object) -> None:
        if not mine.update(heartbeat=timezone.now(), **fields):
            raise _TakenAway

    def progress(done: int) -> None:
        write(done=done)
        if observe is not None:
            observe(done)

    plan = job.plan
    try:
        with translation.override(job.language):
            refusal = unusable_error(plan)
        if refusal is not None:
            write(state=PublishJob.State.FAILED, error=refusal.code,
                  message=str(refusal.message)[:2000], finished=timezone.now())  # fmt: skip
            return PublishJob.objects.get(pk=job_id)
        _publish_version(job, mine, progress)
    except _TakenAway:
        log.warning("publish job %s: build %s was given up on; it stops", job_id, job.attempts)
    except Exception:
        mine.update(state=PublishJob.State.FAILED, error="error", finished=timezone.now())
        raise
    return PublishJob.objects.select_related("published").get(pk=job_id)


def _publish_version(
    job: PublishJob, mine: QuerySet[PublishJob], progress: Callable[[int], None]
) -> None:
    from garrison.reports.packet import build_packet, medical_hour

    plan, event = job.plan, job.plan.event
    now = timezone.now()
    medical = medical_plan(event, medical_hour(plan, now))
    content = snapshot.take(plan, medical)
    content_sha256 = snapshot.digest(content)
    same = plan.versions.filter(language=job.language).order_by("-version").first()
    if same is not None and same.content_sha256 == content_sha256:
        # Nothing changed since that version: publishing again would make a second copy of it.
        if not mine.update(state=PublishJob.State.DONE, published=same, unchanged=True,
                           done=job.steps, finished=now, heartbeat=now):  # fmt: skip
            raise _TakenAway
        return
    version = (plan.versions.aggregate(top=Max("version"))["top"] or 0) + 1
    packet = build_packet(plan, job.language, version, now, progress, medical)
    digest = hashlib.sha256(packet.pdf).hexdigest()
    key_id = key_in_force(event)
    signature = sign_bytes(event, key_id, bytes.fromhex(digest))
    with transaction.atomic():
        published = PublishedPlan.objects.create(
            plan=plan, event=event, version=version, language=job.language, pdf=packet.pdf,
            pages=packet.pages, sha256=digest, key_id=key_id, signature=signature,
            published_by=job.requested_by, published_at=now, snapshot=content,
            content_sha256=content_sha256,
        )  # fmt: skip
        # Still this build's job? If not, the version rolls back with this transaction.
        if not mine.update(
            state=PublishJob.State.DONE, published=published, finished=now, heartbeat=now
        ):
            raise _TakenAway
        record(
            Actor.of_user(job.requested_by),
            "reports.plan.published",
            published,
            event_id=event.pk,
            after={"plan": plan.pk, "version": version, "language": job.language,
                   "sha256": digest, "key_id": key_id, "pages": packet.pages, "job": job.pk},
        )  # fmt: skip


def publish_plan(membership: Membership, plan: ActionPlan, language: str) -> PublishedPlan:
    """Publish now, in this process (the demo, the command line, tests): the same job, built
    here instead of by a worker. Raises the job's refusal as a ``DomainError``."""
    job = start_publish(membership, plan, language, background=False)
    job = execute_publish(job.pk)
    if job.published is not None:
        return job.published
    if job.state == PublishJob.State.FAILED:
        raise DomainError(job.error or "error", job.message or _("The plan was not published."),
                          status=409)  # fmt: skip
    raise DomainError("publish_busy", _("This plan is being published already."), status=409)


def recover_lost() -> int:
    """The sweep (queue.on_sweep): a build whose worker is lost is queued again, or failed
    ("interrupted") after ``MAX_ATTEMPTS``; a queued job whose task the queue finished without
    running it is failed ("error")."""
    return queue.recover_jobs(PublishJob, _enqueue, max_attempts=MAX_ATTEMPTS, reset={"done": 0})


def wait(job: PublishJob, timeout: float) -> PublishJob:
    """Poll until the job is over (tests of the background path)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.active:
            break
        time.sleep(0.05)
    return job
