"""The activity log of an incident or a unit, ICS 214 style: every step in time order.

ICS 214 ("Activity Log") lists, per unit or resource, the time and the notable activity. Here
each line comes from a record that is itself in the audit chain: status transitions, unit
steps, notes, missed targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, char_counts, record
from garrison.core.errors import Forbidden
from garrison.core.validate import text as clean_text
from garrison.forces.access import in_scope
from garrison.forces.models import Unit
from garrison.ops.incidents.feed import emit_incident
from garrison.ops.live_events import INCIDENT_NOTE
from garrison.ops.models import (
    Assignment,
    Breach,
    BreachKind,
    Incident,
    IncidentTransition,
    Note,
    Status,
    UnitNote,
    UnitState,
    UnitStatusChange,
)
from garrison.ops.roles import DESK, REPORTERS, UNIT_CREW

NOTE_MAX = 2000


@dataclass(frozen=True)
class Line:
    at: dt.datetime
    kind: str  # status, unit, note, breach
    text: str
    who: str


def _written_by(membership: Membership, text: str) -> dict[str, Any]:
    """A log entry's common fields (``LogEntry``): now, by this member, saying ``text``."""
    user = membership.user
    return {"at": timezone.now(), "user": user, "actor_label": user.get_username(), "text": text}


def add_note(membership: Membership, incident: Incident, text: str) -> Note:
    require_role(membership, REPORTERS)
    text = clean_text(text, "text", max_length=NOTE_MAX)
    with transaction.atomic():
        note = Note.objects.create(incident=incident, **_written_by(membership, text))
        record(
            Actor.of_user(membership.user),
            "ops.incident.note_added",
            incident,
            event_id=incident.event_id,
            after=char_counts(note=text),
        )
        emit_incident(incident, INCIDENT_NOTE)
    return note


def _status(t: IncidentTransition) -> Line:
    label = Status(t.to_status).label
    text = str(label) + (f" — {t.note}" if t.note else "")
    return Line(t.at, "status", text, t.actor_label)


def incident_log(incident: Incident) -> list[Line]:
    lines = [_status(t) for t in incident.transitions.all()]
    lines += [Line(n.at, "note", n.text, n.actor_label) for n in incident.notes.all()]
    for a in Assignment.objects.filter(incident=incident).select_related("unit", "dispatched_by"):
        code = a.unit.code
        steps = [
            (a.dispatched_at, _("%(unit)s dispatched")),
            (a.acknowledged_at, _("%(unit)s acknowledged")),
            (a.en_route_at, _("%(unit)s en route")),
            (a.on_scene_at, _("%(unit)s on scene")),
            (a.cleared_at, _("%(unit)s cleared")),
        ]
        desk = a.dispatched_by.get_username() if a.dispatched_by else ""
        for n, (at, text) in enumerate(steps):
            if at is not None:
                # The desk dispatches; every later step is the unit's own.
                lines.append(Line(at, "unit", text % {"unit": code}, desk if n == 0 else code))
    for b in Breach.objects.filter(incident=incident).select_related("assignment__unit"):
        unit = f" ({b.assignment.unit.code})" if b.assignment else ""
        text = _("Target missed: %(kind)s %(seconds)d s") % {
            "kind": BreachKind(b.kind).label,
            "seconds": b.target_seconds,
        }
        lines.append(Line(b.at, "breach", text + unit, "system"))
    return sorted(lines, key=lambda line: line.at)


def can_note_unit(membership: Membership, unit: Unit) -> bool:
    """The desk writes in any unit's log; a unit's own people in the logs of units in their
    scope (their unit, or for a unit commander its subtree)."""
    if unit.event_id != membership.event_id:
        return False
    return membership.role in DESK or (
        membership.role in UNIT_CREW and in_scope(membership, unit.pk)
    )


def add_unit_note(membership: Membership, unit: Unit, text: str) -> UnitNote:
    require_role(membership, UNIT_CREW)
    if not can_note_unit(membership, unit):
        raise Forbidden(_("You may write only in your own unit's log."))
    text = clean_text(text, "text", max_length=NOTE_MAX)
    with transaction.atomic():
        note = UnitNote.objects.create(unit=unit, **_written_by(membership, text))
        record(
            Actor.of_user(membership.user),
            "ops.unit.note_added",
            unit,
            event_id=membership.event_id,
            after={"unit": unit.code, **char_counts(note=text)},
        )
    return note


def unit_log(unit: Unit) -> list[Line]:
    lines = []
    for change in UnitStatusChange.objects.filter(unit=unit).select_related("incident"):
        text = str(UnitState(change.state).label)
        if change.incident is not None:
            text += f" · {change.incident.reference}"
        lines.append(Line(change.at, "unit", text, change.actor_label))
    lines += [Line(n.at, "note", n.text, n.actor_label) for n in UnitNote.objects.filter(unit=unit)]
    return sorted(lines, key=lambda line: line.at)
