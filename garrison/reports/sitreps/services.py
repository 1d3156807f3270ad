"""The write path of situation reports: the schedule, and publishing a report.

Publishing freezes a report like a version of the action plan: its figures are computed once
(``figures.gather``) and stored as data, its PDF is drawn from them, the PDF's SHA-256 goes into
the audit chain and is signed with the event's key in force. A report covers the time since the
previous one (or since the operational period began) up to its set time, or up to now when
asked for on demand. The notable events the duty staff wrote for the next report go into it and
are cleared, in the same transaction.

The schedule runs on the task queue (``queue.watch``: the workers, or the demo's server): each
set time of the day is published once however many processes run the check, which the unique
(event, set time) row guarantees. A set time missed by more than ``GRACE`` (no worker ran) is
not published late: a report at 18:00 about 12:00 would mislead.

A sub-event's report is also what reaches its parent's board: ``SITREP_PUBLISHED`` is sent inside
the transaction, and the command app (above reports) forwards it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.credentials.event_keys import bytes_signed, key_in_force, sign_bytes
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.db import serialise_on
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.readiness.safety.services import current_period
from garrison.reports.roles import SITREP_AUTHORS
from garrison.reports.sitreps.figures import gather
from garrison.reports.sitreps.models import Sitrep, SitrepSchedule

log = logging.getLogger(__name__)

GRACE = dt.timedelta(hours=1)
MAX_TIMES = 24
TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

# Sent inside the publishing transaction with ``sitrep``: a receiver's writes commit with it.
SITREP_PUBLISHED = Signal()


def schedule_for(event: Event) -> SitrepSchedule:
    schedule, _made = SitrepSchedule.objects.get_or_create(event=event)
    return schedule


def parse_times(text: str) -> list[str]:
    """ "06:00, 12:00 18:00" → ["06:00", "12:00", "18:00"]; a bad time is a clear error."""
    times = set()
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        match = TIME.match(part)
        if match is None:
            raise DomainError(
                "invalid_time",
                _("“%(value)s” is not a time of day: write times like 06:00, 18:30.")
                % {"value": part[:20]},
                field="times",
            )
        times.add(f"{int(match.group(1)):02d}:{match.group(2)}")
    if len(times) > MAX_TIMES:
        raise DomainError(
            "too_many", _("At most %(n)d times a day.") % {"n": MAX_TIMES}, field="times"
        )
    return sorted(times)


def save_schedule(membership: Membership, times: str, notes: str) -> SitrepSchedule:
    require_role(membership, SITREP_AUTHORS)
    parsed = parse_times(times)
    words = validate.text(notes, "notes", max_length=5000, required=False)
    with transaction.atomic():
        schedule = schedule_for(membership.event)
        schedule.times, schedule.notes = parsed, words
        schedule.save()
        record(
            Actor.of_user(membership.user),
            "reports.sitrep.schedule",
            schedule,
            event_id=membership.event_id,
            after={"times": parsed, "notes_length": len(words)},
        )
    return schedule


def _window(event: Event, until: dt.datetime) -> dt.datetime:
    """Where a report ending at ``until`` starts: the end of the one before, or the start of
    the operational period it ends in (06:00), whichever is later. A report at 06:00 ends the
    night's period: it covers that one, not the empty moment of the new one."""
    period_start, _ends = current_period(event, until - dt.timedelta(microseconds=1))
    previous = (
        Sitrep.objects.filter(event=event, covers_to__lte=until)
        .aggregate(end=Max("covers_to"))["end"]
    )  # fmt: skip
    return max(period_start, previous) if previous is not None else period_start


def publish_sitrep(
    membership: Membership | None,
    event: Event,
    *,
    notable: str | None = None,
    scheduled_for: dt.datetime | None = None,
    language: str = "",
    published_at: dt.datetime | None = None,
) -> Sitrep:
    """Publish a report now (``membership``: its author) or for a set time (the schedule, with
    no author). ``notable`` replaces the schedule's notes; None takes them. Returns the report
    already published for that set time if there is one. ``published_at``: when it is said to
    be published (the demo fills in the set times of the day so far; otherwise now)."""
    if membership is not None:
        require_role(membership, SITREP_AUTHORS)
    if scheduled_for is not None:
        found = Sitrep.objects.filter(event=event, scheduled_for=scheduled_for).first()
        if found is not None:
            return found
    language = language or settings.LANGUAGE_CODE[:2]
    now = published_at or timezone.now()
    until = scheduled_for or now
    try:
        with transaction.atomic():
            serialise_on(f"sitreps:{event.pk}")
            schedule = schedule_for(event)
            text = schedule.notes if notable is None else notable
            text = validate.text(text, "notable", max_length=5000, required=False)
            since = _window(event, until)
            number = (Sitrep.objects.filter(event=event).aggregate(n=Max("number"))["n"] or 0) + 1
            content = gather(event, since, until)
            sitrep = Sitrep(
                event=event, number=number, scheduled_for=scheduled_for, covers_from=since,
                covers_to=until, language=language, content=content, notable=text,
                published_by=membership.user if membership else None, published_at=now,
            )  # fmt: skip
            # The PDF maker (fpdf and its fonts) is imported where a report is written, not with
            # this module: the command app reads its signal when every process starts.
            from garrison.reports.sitreps.pdf import render

            with translation.override(language):
                sitrep.pdf, sitrep.pages = render(sitrep)
            sitrep.sha256 = hashlib.sha256(sitrep.pdf).hexdigest()
            sitrep.key_id = key_in_force(event)
            sitrep.signature = sign_bytes(event, sitrep.key_id, bytes.fromhex(sitrep.sha256))
            sitrep.save()
            if schedule.notes:
                schedule.notes = ""
                schedule.save(update_fields=["notes", "updated"])
            actor = Actor.of_user(membership.user) if membership else Actor(label="sitrep_schedule")
            record(
                actor,
                "reports.sitrep.published",
                sitrep,
                event_id=event.pk,
                after={"number": number, "sha256": sitrep.sha256, "key_id": sitrep.key_id,
                       "pages": sitrep.pages, "covers_from": since, "covers_to": until,
                       "scheduled": scheduled_for is not None,
                       "incidents": content["incidents"]["total"]},
            )  # fmt: skip
            SITREP_PUBLISHED.send(Sitrep, sitrep=sitrep)
    except IntegrityError:
        # Another process published this set time (or took this number) at the same moment.
        found = (
            Sitrep.objects.filter(event=event, scheduled_for=scheduled_for).first()
            if scheduled_for is not None
            else None
        )
        if found is not None:
            return found
        raise DomainError(
            "publish_conflict", _("Another report was published at the same moment: try again."),
            status=409,
        ) from None  # fmt: skip
    return sitrep


def due_times(event: Event, schedule: SitrepSchedule, now: dt.datetime) -> list[dt.datetime]:
    """The schedule's set times of today (event's zone) that have come, within ``GRACE``."""
    today = timezone.localtime(now, event.tzinfo).date()
    if not event.starts_on <= today <= event.ends_on:
        return []
    due = []
    for text in schedule.times:
        hour, minute = (int(p) for p in text.split(":"))
        at = dt.datetime.combine(today, dt.time(hour, minute), tzinfo=event.tzinfo)
        if now - GRACE < at <= now:
            due.append(at)
    return due


def run_due(now: dt.datetime | None = None) -> int:
    """The schedule's check (queue.watch): publish every set time that has come and has no
    report yet; how many it published. One event's failure does not stop the others."""
    now = now or timezone.now()
    published = 0
    for schedule in SitrepSchedule.objects.exclude(times=[]).select_related("event"):
        event = schedule.event
        for at in due_times(event, schedule, now):
            if Sitrep.objects.filter(event=event, scheduled_for=at).exists():
                continue
            try:
                publish_sitrep(None, event, scheduled_for=at)
                published += 1
            except Exception:
                log.exception("situation report of event %s at %s failed", event.pk, at)
    return published


def verify_sitrep_bytes(event: Event, body: bytes) -> Sitrep | None:
    """The report of ``event`` that ``body`` is, byte for byte and signed by it; else None."""
    digest = hashlib.sha256(body).hexdigest()
    for found in Sitrep.objects.filter(event=event, sha256=digest):
        if bytes_signed(event, found.key_id, bytes.fromhex(digest), bytes(found.signature)):
            return found
    return None
