"""Badge batches built in the background, with progress the officer's page polls (htmx).

One machine, no broker: ``start_job`` writes a BadgeJob row and, once that commits, a daemon
thread of the same server process renders the PDF, writing ``done`` to the row at most every
``PROGRESS_EVERY`` seconds (so any worker answering the poll sees it) and the PDF at the end.

If the process dies mid-build (restart, deploy, crash) the thread dies with it and the row stops
moving. Every read goes through ``expire_stale``: a queued or building job whose heartbeat is
older than ``STALE_AFTER`` is marked failed ("interrupted") and the officer is told to start it
again, so a job never shows "building" forever. A live build moves its heartbeat every
``PROGRESS_EVERY`` seconds, far inside that limit.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.badges import pdf as badges
from garrison.accreditation.badges.selection import Selection, choose
from garrison.accreditation.models import BadgeJob, Category, Credential, ImportBatch
from garrison.accreditation.roles import OFFICERS
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError, NotFound
from garrison.events.models import Event

log = logging.getLogger(__name__)

PROGRESS_EVERY = 0.5  # seconds between progress writes
STALE_AFTER = dt.timedelta(minutes=2)
KEEP_FOR = dt.timedelta(days=1)  # finished PDFs hold names and photos: not kept longer
MAX_PICKED = 5000  # people ticked for one batch: as many as one import may hold
ACTIVE = (BadgeJob.State.QUEUED, BadgeJob.State.BUILDING)


def expire_stale(event: Event) -> int:
    """Mark the event's jobs whose heartbeat stopped as failed; how many were."""
    now = timezone.now()
    return BadgeJob.objects.filter(
        event=event, state__in=ACTIVE, heartbeat__lt=now - STALE_AFTER
    ).update(state=BadgeJob.State.FAILED, error="interrupted", finished=now)


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

    With ``background`` a thread starts building it once the row is committed. One batch at a
    time per event: another is refused with ``already_running`` (409).
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
            transaction.on_commit(lambda: _thread(job.pk))
    return job


def _thread(job_id: int) -> None:
    def work() -> None:
        close_old_connections()
        try:
            execute_job(job_id)
        except Exception:  # already recorded on the row; the thread must not die loudly
            log.exception("badge job %s failed", job_id)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"badge-job-{job_id}", daemon=True).start()


def execute_job(
    job_id: int,
    *,
    every: float = PROGRESS_EVERY,
    observe: Callable[[int], None] | None = None,
) -> BadgeJob:
    """Build the job's PDF, writing progress to its row; ``observe(done)`` after each write.

    A job that is not queued (already taken, or expired as stale) is left alone.
    """
    rows = BadgeJob.objects.filter(pk=job_id)
    if not rows.filter(state=BadgeJob.State.QUEUED).update(
        state=BadgeJob.State.BUILDING, heartbeat=timezone.now()
    ):
        return BadgeJob.objects.get(pk=job_id)
    job = BadgeJob.objects.select_related("event").get(pk=job_id)

    def write(**fields: object) -> None:
        rows.filter(state=BadgeJob.State.BUILDING).update(heartbeat=timezone.now(), **fields)

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
            finished = rows.filter(state=BadgeJob.State.BUILDING).update(
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
    except Exception:
        rows.filter(state__in=ACTIVE).update(
            state=BadgeJob.State.FAILED, error="error", finished=timezone.now()
        )
        raise
    return BadgeJob.objects.get(pk=job_id)


def wait(job: BadgeJob, timeout: float) -> BadgeJob:
    """Poll until the job is over (tests of the background path)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.active:
            break
        time.sleep(0.05)
    return job
