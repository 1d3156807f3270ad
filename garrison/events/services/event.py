"""The write path for events and their phases.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import record
from garrison.core.errors import DomainError
from garrison.core.validate import choice, text
from garrison.events.live_events import (
    EVENT_UPDATED,
    PHASE_CREATED,
    PHASE_DELETED,
    PHASE_UPDATED,
)
from garrison.events.models import (
    Event,
    Phase,
    PhaseKind,
)
from garrison.events.roles import EDITORS
from garrison.events.services.common import actor as _actor

# --- Event --------------------------------------------------------------------------------------


@dataclass
class EventData:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    time_zone: str
    description: str = ""


def event_summary(event: Event) -> dict[str, Any]:
    return {
        "name": event.name,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "time_zone": event.time_zone,
        "description": event.description,
    }


def update_event(membership: Membership, data: EventData) -> Event:
    require_role(membership, EDITORS)
    from garrison.events.models import validate_time_zone

    name = text(data.name, "name", max_length=200)
    if data.ends_on < data.starts_on:
        raise DomainError(
            "invalid_dates", _("The last day cannot be before the first day."), field="ends_on"
        )
    try:
        validate_time_zone(data.time_zone)
    except Exception as exc:
        raise DomainError("invalid_time_zone", _("Unknown time zone."), field="time_zone") from exc
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=membership.event_id)
        before = event_summary(event)
        event.name, event.starts_on, event.ends_on = name, data.starts_on, data.ends_on
        event.time_zone = data.time_zone
        event.description = text(data.description, "description", max_length=5000, required=False)
        event.save()
        record(
            _actor(membership),
            "events.event.updated",
            event,
            event_id=event.pk,
            before=before,
            after=event_summary(event),
        )
        EVENT_UPDATED.emit(event, {"id": event.pk, "name": event.name})
    return event


# --- Phase --------------------------------------------------------------------------------------


@dataclass
class PhaseData:
    kind: str
    name: str
    starts_at: dt.datetime
    ends_at: dt.datetime


def phase_summary(phase: Phase) -> dict[str, Any]:
    return {
        "kind": phase.kind,
        "name": phase.name,
        "starts_at": phase.starts_at,
        "ends_at": phase.ends_at,
    }


def _clean_phase(data: PhaseData) -> PhaseData:
    choice(data.kind, PhaseKind, "kind")
    if data.starts_at.tzinfo is None or data.ends_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="starts_at")
    if data.ends_at <= data.starts_at:
        raise DomainError("invalid_times", _("A phase must end after it starts."), field="ends_at")
    return PhaseData(
        data.kind, text(data.name, "name", max_length=120), data.starts_at, data.ends_at
    )


def create_phase(membership: Membership, data: PhaseData) -> Phase:
    require_role(membership, EDITORS)
    data = _clean_phase(data)
    with transaction.atomic():
        phase = Phase.objects.create(event_id=membership.event_id, **data.__dict__)
        record(
            _actor(membership),
            "events.phase.created",
            phase,
            event_id=membership.event_id,
            after=phase_summary(phase),
        )
        PHASE_CREATED.emit(membership.event, {"id": phase.pk, "name": phase.name})
    return phase


def update_phase(membership: Membership, phase: Phase, data: PhaseData) -> Phase:
    require_role(membership, EDITORS)
    data = _clean_phase(data)
    with transaction.atomic():
        before = phase_summary(phase)
        for key, value in data.__dict__.items():
            setattr(phase, key, value)
        phase.save()
        record(
            _actor(membership),
            "events.phase.updated",
            phase,
            event_id=membership.event_id,
            before=before,
            after=phase_summary(phase),
        )
        PHASE_UPDATED.emit(membership.event, {"id": phase.pk, "name": phase.name})
    return phase


def delete_phase(membership: Membership, phase: Phase) -> None:
    require_role(membership, EDITORS)
    with transaction.atomic():
        record(
            _actor(membership),
            "events.phase.deleted",
            phase,
            event_id=membership.event_id,
            before=phase_summary(phase),
        )
        PHASE_DELETED.emit(membership.event, {"id": phase.pk})
        phase.delete()
