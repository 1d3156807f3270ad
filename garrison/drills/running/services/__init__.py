"""The write path for running a drill: create, start, pause, resume, stop; publish, skip or
release a contingency by hand. Controllers only; every action audited, its live event sent after
commit.

The drill's clock: ``elapsed_seconds`` (drill seconds up to the last resume) plus the real time
since ``resumed_at`` times ``speed``. While it runs, each waiting inject has its real due time,
set at start and at every resume; pausing clears them, so the tick releases nothing meanwhile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.drills.live_events import DRILL_CHANGED
from garrison.drills.models import (
    LIVE_STATES,
    Drill,
    DrillScript,
    DrillState,
    Inject,
    Release,
    ReleaseState,
    StopReason,
)
from garrison.drills.roles import CONTROLLERS
from garrison.drills.running.services import release as releases

MAX_SPEED = 600


def drill_seconds(drill: Drill, now: dt.datetime | None = None) -> float:
    """How far into its script the drill is, in drill seconds."""
    if drill.state != DrillState.RUNNING or drill.resumed_at is None:
        return drill.elapsed_seconds
    now = now or timezone.now()
    return drill.elapsed_seconds + (now - drill.resumed_at).total_seconds() * drill.speed


def _summary(drill: Drill) -> dict[str, Any]:
    return {
        "state": drill.state,
        "speed": drill.speed,
        "elapsed_seconds": round(drill.elapsed_seconds, 1),
        "stop_reason": drill.stop_reason,
    }


def _changed(membership: Membership, drill: Drill, action: str, before: dict[str, Any]) -> None:
    record(
        Actor.of_user(membership.user),
        action,
        drill,
        event_id=drill.event_id,
        before=before,
        after=_summary(drill),
    )
    DRILL_CHANGED.emit(
        drill.event,
        {"id": drill.pk, "state": drill.state, "stop_reason": drill.stop_reason},
        unit_ids=[],
    )


def _lock(drill: Drill) -> Drill:
    return Drill.objects.select_for_update(of=("self",)).select_related("event").get(pk=drill.pk)


def _schedule(drill: Drill) -> None:
    """Give each waiting scheduled inject its real due time from the drill's clock."""
    if drill.resumed_at is None:
        return
    rows = list(
        Release.objects.filter(
            drill=drill, state=ReleaseState.PENDING, inject__offset_seconds__isnull=False
        ).select_related("inject")
    )
    for row in rows:
        ahead = max(0.0, (row.inject.offset_seconds or 0) - drill.elapsed_seconds) / drill.speed
        row.due_at = drill.resumed_at + dt.timedelta(seconds=ahead)
    Release.objects.bulk_update(rows, ["due_at"])


def _unschedule(drill: Drill) -> None:
    Release.objects.filter(drill=drill, state=ReleaseState.PENDING).update(due_at=None)


def _add_missing_releases(drill: Drill) -> None:
    """Injects added to the script since the drill was prepared join it when it starts."""
    Release.objects.bulk_create(
        (
            Release(drill=drill, inject=inject)
            for inject in drill.script.injects.filter(offset_seconds__isnull=False).exclude(
                pk__in=Release.objects.filter(drill=drill).values("inject_id")
            )
        ),
        ignore_conflicts=True,
    )


def create_drill(
    membership: Membership, script: DrillScript, name: str = "", speed: int = 1
) -> Drill:
    require_role(membership, CONTROLLERS)
    if script.event_id != membership.event_id:
        raise DomainError("not_found", _("No such script in this event."), status=404)
    if not isinstance(speed, int) or not 1 <= speed <= MAX_SPEED:
        raise DomainError(
            "invalid_speed",
            _("The speed goes from 1 (real time) to %(n)d.") % {"n": MAX_SPEED},
            field="speed",
        )
    if not script.injects.filter(offset_seconds__isnull=False).exists():
        raise DomainError(
            "empty_script", _("The script has no scheduled inject yet."), field="script"
        )
    name = clean_text(name, "name", max_length=200, required=False) or script.name[:200]
    with transaction.atomic():
        drill = Drill.objects.create(
            event=membership.event,
            script=script,
            name=name,
            speed=speed,
            created_at=timezone.now(),
            controller=membership.user,
        )
        Release.objects.bulk_create(
            Release(drill=drill, inject=inject)
            for inject in script.injects.filter(offset_seconds__isnull=False)
        )
        _changed(membership, drill, "drills.drill.created", {})
    return drill


def _refuse_state(drill: Drill, *allowed: str) -> None:
    if drill.state not in allowed:
        raise DomainError(
            "wrong_state",
            _("The drill is “%(state)s”: this cannot be done now.")
            % {"state": DrillState(drill.state).label},
            status=409,
        )


def live_drill(event_id: int) -> Drill | None:
    return Drill.objects.filter(event_id=event_id, state__in=LIVE_STATES).first()


def start_drill(membership: Membership, drill: Drill) -> Drill:
    require_role(membership, CONTROLLERS)
    try:
        with transaction.atomic():
            drill = _lock(drill)
            _refuse_state(drill, DrillState.READY)
            other = live_drill(drill.event_id)
            if other is not None:
                raise DomainError(
                    "drill_running",
                    _("The drill “%(name)s” is running at this event: stop it first.")
                    % {"name": other.name},
                    status=409,
                )
            before = _summary(drill)
            _add_missing_releases(drill)
            now = timezone.now()
            drill.state = DrillState.RUNNING
            drill.started_at = drill.resumed_at = now
            drill.elapsed_seconds = 0
            drill.controller = membership.user
            drill.save()
            _schedule(drill)
            _changed(membership, drill, "drills.drill.started", before)
    except IntegrityError as error:
        # Two controllers started two drills at once: the database let one through.
        raise DomainError(
            "drill_running",
            _("Another drill is running at this event: stop it first."),
            status=409,
        ) from error
    return drill


def pause_drill(membership: Membership, drill: Drill) -> Drill:
    require_role(membership, CONTROLLERS)
    with transaction.atomic():
        drill = _lock(drill)
        _refuse_state(drill, DrillState.RUNNING)
        before = _summary(drill)
        drill.elapsed_seconds = drill_seconds(drill)
        drill.state, drill.resumed_at = DrillState.PAUSED, None
        drill.save()
        _unschedule(drill)
        _changed(membership, drill, "drills.drill.paused", before)
    return drill


def resume_drill(membership: Membership, drill: Drill) -> Drill:
    require_role(membership, CONTROLLERS)
    with transaction.atomic():
        drill = _lock(drill)
        _refuse_state(drill, DrillState.PAUSED)
        before = _summary(drill)
        drill.state, drill.resumed_at = DrillState.RUNNING, timezone.now()
        drill.controller = membership.user
        drill.save()
        _schedule(drill)
        _changed(membership, drill, "drills.drill.resumed", before)
    return drill


def stop_drill(
    membership: Membership, drill: Drill, *, emergency: bool = False, note: str = ""
) -> Drill:
    """End the drill; ``emergency``: a real emergency needs the desk, and the drill is marked so.
    Nothing more is released; the injects already in stay at the desk with their mark."""
    require_role(membership, CONTROLLERS)
    note = clean_text(note, "note", max_length=300, required=False, one_line=True)
    with transaction.atomic():
        drill = _lock(drill)
        _refuse_state(drill, DrillState.READY, DrillState.RUNNING, DrillState.PAUSED)
        before = _summary(drill)
        drill.elapsed_seconds = drill_seconds(drill)
        drill.state, drill.resumed_at = DrillState.STOPPED, None
        drill.stopped_at = timezone.now()
        drill.stop_reason = StopReason.REAL_EMERGENCY if emergency else StopReason.ENDED
        drill.stop_note = note
        drill.save()
        _unschedule(drill)
        action = "drills.drill.stopped_for_emergency" if emergency else "drills.drill.stopped"
        _changed(membership, drill, action, before)
    return drill


def publish_now(membership: Membership, row: Release) -> Release:
    """Release a waiting inject now, ahead of its time (or while the drill is paused)."""
    require_role(membership, CONTROLLERS)
    _refuse_state(row.drill, *LIVE_STATES)
    if row.state != ReleaseState.PENDING:
        raise DomainError("not_waiting", _("This inject is no longer waiting."), status=409)
    return releases.release(row.pk, membership=membership, by_hand=True)


def skip(membership: Membership, row: Release) -> Release:
    require_role(membership, CONTROLLERS)
    _refuse_state(row.drill, *LIVE_STATES)
    with transaction.atomic():
        updated = Release.objects.filter(pk=row.pk, state=ReleaseState.PENDING).update(
            state=ReleaseState.SKIPPED, due_at=None, user=membership.user
        )
        if not updated:
            raise DomainError("not_waiting", _("This inject is no longer waiting."), status=409)
        row.refresh_from_db()
        record(
            Actor.of_user(membership.user),
            "drills.inject.skipped",
            row,
            event_id=row.drill.event_id,
            after={"drill": row.drill_id, "inject": row.inject.number},
        )
    return row


def release_contingency(membership: Membership, drill: Drill, inject: Inject) -> Release:
    """The expected action did not come: put the inject's contingency in now."""
    require_role(membership, CONTROLLERS)
    _refuse_state(drill, *LIVE_STATES)
    if inject.script_id != drill.script_id or inject.contingency_of_id is None:
        raise DomainError(
            "not_a_contingency", _("Not a contingency of this drill's script."), status=404
        )
    with transaction.atomic():
        row, created = Release.objects.get_or_create(drill=drill, inject=inject)
        if not created and row.state != ReleaseState.PENDING:
            raise DomainError(
                "already_released", _("This contingency has been released already."), status=409
            )
    return releases.release(row.pk, membership=membership, by_hand=True)
