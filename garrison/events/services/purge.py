"""The purge of an event's personal data: what its retention policy says is due, everywhere the
apps declared it (``garrison.core.personal``), proven by one certificate in the audit chain.

The work is a list of steps, one per declared model of each kind the policy purges
(``retention.KINDS``) plus the extra work its app registered (``personal.also``: badges
withdrawn, live events dropped). Each step runs in batches of ``BATCH`` rows, each batch its own
short transaction, so that gates and the desk keep writing between them; the run's counts are
written in the batch's transaction, so they are exact however the run ends. What is left is a
query (``personal_purge.pending``), not a note: a run killed mid-way and started again takes up
its record (``PurgeRun``) and finds exactly the rows not reached. At the end one audit entry, the
certificate, says what was purged — counts per kind and step, the policy, who and when, the
backups taken before that still hold the data — and nothing about anyone.

It runs on demand (``garrison purge_personal_data``) and by itself: the workers' schedule
queues it for every event whose purge date has passed and whose data has not been purged.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import task

from garrison.audit.services import Actor, record
from garrison.core import personal
from garrison.core.backup import backups_before, note_purge, noted_purges
from garrison.core.errors import DomainError
from garrison.core.services import personal_purge, queue
from garrison.events.models import Event, PurgeRun, RetentionPolicy
from garrison.events.retention import KINDS, policy_for

log = logging.getLogger(__name__)

# Rows per transaction: 200 people (photos included) are emptied in tens of milliseconds.
BATCH = 200
# A run whose holder has not written for this long is taken to be dead, and may be resumed.
STALE_AFTER = dt.timedelta(minutes=2)
CERTIFICATE = "events.personal_data.purged"
SCHEDULE = Actor(label="schedule")


@dataclass(frozen=True)
class Step:
    key: str  # "accreditation.person", "accreditation.person.credentials"
    kind: str  # the retention kind it belongs to
    pending: Callable[[int], int]
    purge: Callable[[int, int], int]


def _pending_rows(declaration: personal.Declaration, event_id: int) -> int:
    return personal_purge.pending(declaration, event_id).count()


def _pending_text(registered: personal.FreeText, event_id: int) -> int:
    return personal_purge.text_pending(registered, event_id).count()


def steps_for(kinds: Iterable[str]) -> list[Step]:
    """The steps of the kinds chosen, in the order of ``retention.KINDS``."""
    chosen = set(kinds)
    steps: list[Step] = []
    for kind in KINDS:
        if kind.key not in chosen:
            continue
        if kind.free_text:
            steps += [
                Step(
                    registered.key,
                    kind.key,
                    partial(_pending_text, registered),
                    partial(personal_purge.purge_text_batch, registered),
                )
                for registered in personal.free_texts()
            ]
        for label in sorted(kind.models):
            declaration = personal.declaration_for(label)
            if declaration is None:
                continue
            # The extra work first: a badge is withdrawn before its holder's name goes, so a gate
            # never shows a pseudonym for a badge that still opens it.
            steps += [
                Step(extra.key, kind.key, extra.pending, extra.purge)
                for extra in personal.extras_of(label)
            ]
            steps.append(
                Step(
                    label,
                    kind.key,
                    partial(_pending_rows, declaration),
                    partial(personal_purge.purge_batch, declaration),
                )
            )
    return steps


def policy_summary(policy: RetentionPolicy) -> dict[str, Any]:
    return {"purge_on": policy.purge_on.isoformat(), "kinds": list(policy.kinds)}


def is_due(event: Event, policy: RetentionPolicy | None = None) -> bool:
    policy = policy or policy_for(event)
    return policy.purge_on <= timezone.localdate(timezone=event.tzinfo)


def pending_counts(event: Event, kinds: Iterable[str] | None = None) -> dict[str, dict[str, int]]:
    """What a purge would do now, per kind and step (the dry run): changes nothing."""
    if kinds is None:
        kinds = policy_for(event).kinds
    counts: dict[str, dict[str, int]] = {}
    for step in steps_for(kinds):
        counts.setdefault(step.kind, {})[step.key] = step.pending(event.pk)
    return counts


def by_kind(counts: dict[str, int], kinds: Iterable[str]) -> dict[str, dict[str, int]]:
    """A run's flat counts grouped per kind, every step of the kinds present (0 if none)."""
    grouped: dict[str, dict[str, int]] = {}
    for step in steps_for(kinds):
        grouped.setdefault(step.kind, {})[step.key] = counts.get(step.key, 0)
    return grouped


def last_run(event: Event) -> PurgeRun | None:
    return PurgeRun.objects.filter(event=event).first()


def forgotten_purge(event: Event) -> dt.datetime | None:
    """When the event's personal data was purged, if this database does not know it: a copy
    taken before the purge was restored (by ``garrison restore`` or by hand), and the people
    are back. The purge is noted outside the database (``core.backup.note_purge``) when it
    finishes; the database knows it while it holds a finished run at least that recent."""
    noted = noted_purges().get(event.slug)
    if noted is None:
        return None
    # The note keeps whole seconds.
    since = noted - dt.timedelta(seconds=1)
    known = PurgeRun.objects.filter(event=event, state=PurgeRun.State.DONE, finished__gte=since)
    return None if known.exists() else noted


# --- Running ------------------------------------------------------------------------------------


class _TakenOver(Exception):
    """Another runner took the run (ours was silent too long): stop without writing."""


def _not_due(policy: RetentionPolicy) -> DomainError:
    return DomainError(
        "purge_not_due",
        _("The purge date (%(date)s) has not come yet.") % {"date": policy.purge_on.isoformat()},
        status=409,
    )


def _running(run: PurgeRun) -> DomainError:
    return DomainError(
        "purge_running",
        _(
            "A purge of this event is already running (started %(started)s). If it stopped, "
            "run the purge again in a few minutes: it continues where the first one ended."
        )
        % {"started": run.started.isoformat(timespec="seconds")},
        status=409,
    )


def _claim(event: Event, actor: Actor, holder: str, *, early: bool) -> PurgeRun | None:
    """The run to work on, taken by ``holder``: the event's unfinished one, or a new one; None
    when a purge is done and nothing has appeared since."""
    now = timezone.now()
    with transaction.atomic():
        # Two starts at once take turns here, and the second finds the first's run.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        run = PurgeRun.objects.filter(event=event, state=PurgeRun.State.RUNNING).first()
        if run is None:
            policy = policy_for(event)
            if not early and not is_due(event, policy):
                raise _not_due(policy)
            done_before = PurgeRun.objects.filter(event=event, state=PurgeRun.State.DONE).exists()
            left = sum(n for step in pending_counts(event).values() for n in step.values())
            if done_before and not left:
                return None
            run = PurgeRun.objects.create(
                event=event,
                policy=policy_summary(policy),
                counts={},
                actor_user_id=actor.user_id,
                actor_label=actor.label,
                started=now,
            )
        elif run.heartbeat is not None and run.heartbeat > now - STALE_AFTER:
            raise _running(run)
        run.heartbeat, run.holder = now, holder
        run.save(update_fields=["heartbeat", "holder"])
    return run


def run_purge(
    event: Event,
    actor: Actor,
    *,
    early: bool = False,
    batch: int = BATCH,
    max_batches: int | None = None,
    observe: Callable[[PurgeRun], None] | None = None,
) -> PurgeRun | None:
    """Purge what the event's policy says is due; the run, finished unless ``max_batches``
    stopped it first (it is then resumed by the next call), or None when there was nothing
    left after an earlier purge. ``early``: before the purge date (on demand). ``observe(run)``
    after each batch."""
    holder = get_random_string(16)
    run = _claim(event, actor, holder, early=early)
    if run is None:
        return None
    if connection.vendor == "sqlite":
        # Else a deleted or overwritten value's bytes stay in the file's freed pages, and in every
        # copy of the file, until they happen to be reused (some builds turn this on by default,
        # not all). PostgreSQL's dead rows go with its vacuum and are never in a pg_dump.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    done = 0
    try:
        for step in steps_for(run.policy["kinds"]):
            while True:
                if max_batches is not None and done >= max_batches:
                    return run
                purged = _one_batch(run, step, holder, batch)
                done += 1
                if observe is not None:
                    observe(run)
                if purged < batch:
                    break
        _certify(run, actor, holder)
    except _TakenOver:
        # This runner was silent past STALE_AFTER and another took the run: it finishes it.
        log.warning("purge run %s was taken over by another runner", run.pk)
    finally:
        # Let the next start resume at once rather than wait for the run to look dead.
        PurgeRun.objects.filter(pk=run.pk, holder=holder, state=PurgeRun.State.RUNNING).update(
            heartbeat=None, holder=""
        )
    return run


def _one_batch(run: PurgeRun, step: Step, holder: str, batch: int) -> int:
    start = time.perf_counter()
    with transaction.atomic():
        purged = step.purge(run.event_id, batch)
        counts = dict(run.counts)
        counts[step.key] = counts.get(step.key, 0) + purged
        held = PurgeRun.objects.filter(pk=run.pk, holder=holder).update(
            counts=counts,
            batches=run.batches + 1,
            longest_ms=run.longest_ms,
            heartbeat=timezone.now(),
        )
        if not held:
            raise _TakenOver
    run.counts, run.batches = counts, run.batches + 1
    # Written with the next batch (or the certificate): a transaction cannot time its own commit.
    run.longest_ms = max(run.longest_ms, round((time.perf_counter() - start) * 1000))
    return purged


def _certify(run: PurgeRun, actor: Actor, holder: str) -> None:
    with transaction.atomic():
        if not PurgeRun.objects.select_for_update().filter(pk=run.pk, holder=holder).exists():
            raise _TakenOver
        run.state, run.finished = PurgeRun.State.DONE, timezone.now()
        entry = record(
            actor,
            CERTIFICATE,
            run,
            event_id=run.event_id,
            after=certificate(run),
        )
        run.certificate_seq = entry.seq
        run.heartbeat, run.holder = None, ""
        run.save()
        slug, finished = run.event.slug, run.finished
        transaction.on_commit(lambda: note_purge(slug, finished))


def certificate(run: PurgeRun) -> dict[str, Any]:
    """What the certificate says: counts, the policy, when, and the copies that still hold the
    data. Ids, counts, dates and file paths: nothing about anyone."""
    return {
        "run": run.pk,
        "policy": run.policy,
        "purged": by_kind(run.counts, run.policy["kinds"]),
        "total": sum(run.counts.values()),
        "started": run.started,
        "finished": run.finished,
        "batches": run.batches,
        "longest_batch_ms": run.longest_ms,
        "backups_before": backups_before(run.started),
    }


# --- By itself, on its date -------------------------------------------------------------------


def due_events() -> list[Event]:
    """Events whose purge date has passed and whose purge is not done (or stopped half-way)."""
    done = set(
        PurgeRun.objects.filter(state=PurgeRun.State.DONE)
        .exclude(event__purge_runs__state=PurgeRun.State.RUNNING)
        .values_list("event_id", flat=True)
    )
    fresh = timezone.now() - STALE_AFTER
    busy = set(
        PurgeRun.objects.filter(state=PurgeRun.State.RUNNING, heartbeat__gt=fresh).values_list(
            "event_id", flat=True
        )
    )
    return [
        event
        for event in Event.objects.order_by("pk")
        if event.pk not in done and event.pk not in busy and is_due(event)
    ]


def queue_due_purges() -> int:
    """The schedule: queue a purge for each due event; how many. Short: the purges run as tasks."""
    events = due_events()
    for event in events:
        with transaction.atomic():
            queue.enqueue(purge_event, event.pk)
    return len(events)


@task()
def purge_event(event_id: int) -> None:
    """The queue's task: purge the event ``event_id`` as the schedule found it due."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    try:
        run = run_purge(event, SCHEDULE)
    except DomainError as error:  # running already, or no longer due: nothing to do
        log.info("purge of event %s not run: %s", event_id, error.code)
        return
    if run is not None:
        log.info("purge of event %s done: %s rows", event_id, sum(run.counts.values()))
