"""Badge batches built by a queue worker, with progress the officer's page polls (htmx).

``start_job`` writes a BadgeJob row and puts its task on the queue in the same transaction
(garrison.core.services.queue); a ``garrison worker`` process claims the row and renders the
PDF, writing ``done`` to the row at most every ``PROGRESS_EVERY`` seconds (so any server process
answering the poll sees it) and the PDF at the end.

A batch is built to the end once. The worker claims the row (queued → building) before it
starts, so a second delivery of the task finds it taken; each later write names the build it
belongs to (``attempts``), so a build that was given up on cannot overwrite the next one.

If the worker dies mid-build (restart, deploy, crash), the sweep (``recover_lost``) queues the
batch again — a re-run renders the same PDF from the same badges — or, once ``MAX_ATTEMPTS``
builds have died, marks it failed ("interrupted"). And every read goes through ``expire_stale``:
a build whose heartbeat is older than ``STALE_AFTER`` (no worker left to sweep, or one stuck) is
marked failed too and the officer is told to start it again, so a job never shows "building"
forever. A live build moves its heartbeat every ``PROGRESS_EVERY`` seconds, far inside that
limit; a batch waiting in the queue behind other work has no heartbeat to miss.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.badges import pdf as badges
from garrison.accreditation.badges.selection import Selection, choose
from garrison.accreditation.models import BadgeJob, Category, Credential, ImportBatch
from garrison.accreditation.roles import OFFICERS
from garrison.audit.services import Actor, record
from garrison.core.db import serialise_on
from garrison.core.errors import DomainError, NotFound
from garrison.core.services import queue
from garrison.events.models import Event

log = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5  # seconds between progress writes
STALE_AFTER = dt.timedelta(minutes=2)
MAX_ATTEMPTS = 2  # a batch whose build died twice with its worker is not tried a third time
KEEP_FOR = dt.timedelta(days=1)  # finished PDFs hold names and photos: not kept longer
MAX_PICKED = 5000  # people ticked for one batch: as many as one import may hold
ACTIVE = (BadgeJob.State.QUEUED, BadgeJob.State.BUILDING)


def expire_stale(event: Event) -> int:
    """Mark the event's builds whose heartbeat stopped as failed; how many were."""
    now = timezone.now()
    stale = BadgeJob.objects.filter(
        event=event, state=BadgeJob.State.BUILDING, heartbeat__lt=now - STALE_AFTER
    )
    # Every poll of a progress page comes here: a read first keeps SQLite's write lock free.
    if not stale.exists():
        return 0
    return stale.update(state=BadgeJob.State.FAILED, error="interrupted", finished=now)


def running_job(event: Event) -> BadgeJob | None:
    expire_stale(event)
    return BadgeJob.objects.filter(event=event, state__in=ACTIVE).first()


def checked(membership: Membership, selection: Selection) -> Selection:
    """The selection with its category and import checked to be the event's (else 404)."""
    event = membership.event
    category, batch = selection.category_id, selection.import_batch_id
    if category is not None and not Category.objects.filter(event=event, pk=category).exists():
        raise NotFound(_("No such category."))
    if batch is not None and not ImportBatch.objects.filter(event=event, pk=batch).exists():
        raise NotFound(_("No such import."))
    if len(selection.person_ids) > MAX_PICKED:
        raise DomainError(
            "too_many", _("At most %(n)d people can be picked at once.") % {"n": MAX_PICKED}
        )
    return selection


def start_job(
    membership: Membership,
    layout: str,
    category_id: int | None = None,
    *,
    background: bool = True,
    selection: Selection | None = None,
) -> BadgeJob:
    """Queue a batch PDF of the event's valid badges: all, one category, or ``selection``.

    With ``background`` its task goes on the queue with the row (a worker builds it); without,
    the caller builds it (``execute_job``). One batch at a time per event: another is refused
    with ``already_running`` (409), also when two requests come at once.
    """
    require_role(membership, OFFICERS)
    event = membership.event
    if layout not in badges.LAYOUTS:
        raise DomainError("invalid_choice", _("Unknown badge layout."), field="layout")
    selection = selection or Selection()
    if category_id is not None:
        selection = replace(selection, category_id=category_id)
    selection = checked(membership, selection)
    with transaction.atomic():
        # A double click: the second request waits here for the first one's commit, then finds
        # its batch (PostgreSQL; SQLite's IMMEDIATE transactions take turns anyway).
        serialise_on(f"badge_jobs:{event.pk}")
        running = running_job(event)
        if running is not None:
            raise DomainError(
                "already_running", _("A badge batch is already being built."), status=409
            )
        chosen = choose(event, selection)
        total = len(chosen.credentials)
        if not total:
            if chosen.skipped:
                raise DomainError(
                    "nothing_to_print",
                    _("No valid badges to print: %(n)d of the chosen people have none.")
                    % {"n": len(chosen.skipped)},
                )
            raise DomainError("nothing_to_print", _("No valid badges to print."))
        BadgeJob.objects.filter(event=event, created__lt=timezone.now() - KEEP_FOR).delete()
        job = BadgeJob.objects.create(
            event=event,
            created_by=membership.user,
            layout=layout,
            category_id=selection.category_id,
            person_ids=list(selection.person_ids),
            import_batch_id=selection.import_batch_id,
            unprinted=selection.unprinted,
            require_photo=selection.require_photo,
            skipped=chosen.skipped,
            language=translation.get_language() or "",
            total=total,
            heartbeat=timezone.now(),
        )
        # People by id only: the audit log carries no personal data.
        record(
            Actor.of_user(membership.user),
            "accreditation.badge_job.started",
            job,
            event_id=event.pk,
            after={
                "layout": layout,
                "category": selection.category_id,
                "people": list(selection.person_ids),
                "import": selection.import_batch_id,
                "unprinted": selection.unprinted,
                "require_photo": selection.require_photo,
                "badges": total,
                "skipped": chosen.skipped,
            },
        )
        if background:
            job.task_id = _enqueue(job.pk)
    return job


def _enqueue(job_id: int) -> str:
    return queue.enqueue_job(BadgeJob, build_batch, job_id)


# Before the roster's solves, which take minutes: someone waits at the printer for a batch.
@task(takes_context=True, priority=10)
def build_batch(context: TaskContext, job_id: int) -> None:
    """The queue's task: a worker builds the batch ``job_id``."""
    execute_job(job_id, worker=queue.worker_of(context))


class _TakenAway(Exception):  # not an error: the build's row went to another
    """The row no longer belongs to this build: the sweep gave it to another or failed it."""


def execute_job(
    job_id: int,
    *,
    worker: str = "",
    every: float = PROGRESS_EVERY,
    observe: Callable[[int], None] | None = None,
) -> BadgeJob:
    """Build the job's PDF, writing progress to its row; ``observe(done)`` after each write.

    A job that is not queued (already taken, or expired as stale) is left alone. A build whose
    row is taken from it meanwhile stops at its next write and saves nothing.
    """
    rows = BadgeJob.objects.filter(pk=job_id)
    if not rows.filter(state=BadgeJob.State.QUEUED).update(
        state=BadgeJob.State.BUILDING,
        heartbeat=timezone.now(),
        worker=worker,
        attempts=F("attempts") + 1,
    ):
        return BadgeJob.objects.get(pk=job_id)
    job = BadgeJob.objects.select_related("event").get(pk=job_id)
    mine = rows.filter(state=BadgeJob.State.BUILDING, attempts=job.attempts)

    def write(**fields: object) -> None:
        if not mine.update(heartbeat=timezone.now(), **fields):
            raise _TakenAway

    try:
        chosen = choose(job.event, Selection.of_job(job))
        credentials = chosen.credentials
        total = len(credentials)
        write(total=total, done=0, skipped=chosen.skipped)
        if observe is not None:
            observe(0)
        last = time.monotonic()

        def progress(done: int) -> None:
            nonlocal last
            if done < total and time.monotonic() - last < every:
                return
            write(done=done)
            last = time.monotonic()
            if observe is not None:
                observe(done)

        with translation.override(job.language or None):
            data = badges.render(job.event, credentials, job.layout, progress)
        with transaction.atomic():
            finished = mine.update(
                state=BadgeJob.State.DONE, pdf=data, done=total, finished=timezone.now()
            )
            if finished:
                # "Not printed yet" leaves these out from now on; a new version starts unprinted.
                Credential.objects.filter(
                    pk__in=[credential.pk for credential in credentials], printed_at__isnull=True
                ).update(printed_at=timezone.now())
                user = job.created_by
                record(
                    Actor.of_user(user) if user is not None else Actor(label="badge_job"),
                    "accreditation.badge_job.built",
                    job,
                    event_id=job.event_id,
                    after={"badges": total, "bytes": len(data), "skipped": chosen.skipped},
                )
    except _TakenAway:
        log.warning("badge job %s: build %s was given up on; it stops", job_id, job.attempts)
    except Exception:
        mine.update(state=BadgeJob.State.FAILED, error="error", finished=timezone.now())
        raise
    return BadgeJob.objects.get(pk=job_id)


def recover_lost() -> int:
    """The sweep (garrison.core.services.queue.on_sweep); how many batches it recovered.

    A batch whose worker is lost is queued again, or failed ("interrupted") once ``MAX_ATTEMPTS``
    builds have died. A queued batch whose task the queue finished without building it (the
    worker could not even start it) is failed ("error").
    """
    return queue.recover_jobs(BadgeJob, _enqueue, max_attempts=MAX_ATTEMPTS)


def wait(job: BadgeJob, timeout: float) -> BadgeJob:
    """Poll until the job is over (tests of the background path)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.active:
            break
        time.sleep(0.05)
    return job
