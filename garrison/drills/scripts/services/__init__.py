"""The write path for drill scripts: the script, its objectives and injects, and copies.

Every function: authorise → validate → change → audit (same transaction). A script in use by a
drill that has started keeps its injects (a run's record points at them): it is copied instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.drills.models import (
    KIND_TYPES,
    Drill,
    DrillScript,
    DrillState,
    Inject,
    InjectKind,
    Objective,
    Stage,
)
from garrison.drills.roles import SCRIPT_EDITORS
from garrison.drills.scripts.places import clean_place
from garrison.events.models import Event
from garrison.ops.models import IncidentType

MAX_OFFSET_MINUTES = 24 * 60  # a drill is a day's exercise at most
MAX_TARGET_MINUTES = 24 * 60


def actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


def script_summary(script: DrillScript) -> dict[str, Any]:
    return {"name": script.name, "objectives": script.objectives.count()}


# --- Scripts -------------------------------------------------------------------------------------


@dataclass
class ScriptData:
    name: str
    description: str = ""
    # One per line, "O1: text" or just the text (then numbered O1, O2… in order).
    objectives: str = ""


def _parse_objectives(raw: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for number, line in enumerate(
        (line.strip() for line in (raw or "").splitlines() if line.strip()), start=1
    ):
        code, sep, text = line.partition(":")
        if not sep or len(code.strip()) > 16 or " " in code.strip():
            code, text = f"O{number}", line
        code, text = code.strip(), clean_text(text, "objectives", max_length=500)
        if any(code == seen for seen, _text in found):
            raise DomainError(
                "duplicate_objective",
                _("Two objectives have the code %(code)s.") % {"code": code},
                field="objectives",
            )
        found.append((code, text))
    return found


def _unique_name(event: Event, name: str, exclude: int | None = None) -> None:
    taken = DrillScript.objects.filter(event=event, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(
            "duplicate_name", _("Another script already has this name."), field="name"
        )


def create_script(membership: Membership, data: ScriptData) -> DrillScript:
    require_role(membership, SCRIPT_EDITORS)
    name = clean_text(data.name, "name", max_length=200)
    description = clean_text(data.description, "description", max_length=4000, required=False)
    objectives = _parse_objectives(data.objectives)
    with transaction.atomic():
        _unique_name(membership.event, name)
        script = DrillScript.objects.create(
            event=membership.event,
            name=name,
            description=description,
            created_at=timezone.now(),
            created_by=membership.user,
        )
        Objective.objects.bulk_create(
            Objective(script=script, code=code, text=text) for code, text in objectives
        )
        record(
            actor(membership),
            "drills.script.created",
            script,
            event_id=membership.event_id,
            after=script_summary(script),
        )
    return script


def update_script(membership: Membership, script: DrillScript, data: ScriptData) -> DrillScript:
    """Rename, describe, and set the objectives: those kept by code keep their injects."""
    require_role(membership, SCRIPT_EDITORS)
    name = clean_text(data.name, "name", max_length=200)
    description = clean_text(data.description, "description", max_length=4000, required=False)
    objectives = _parse_objectives(data.objectives)
    with transaction.atomic():
        _unique_name(membership.event, name, exclude=script.pk)
        before = script_summary(script)
        script.name, script.description = name, description
        script.save(update_fields=["name", "description"])
        wanted = dict(objectives)
        script.objectives.exclude(code__in=wanted).delete()
        for objective in script.objectives.all():
            if objective.text != wanted[objective.code]:
                objective.text = wanted[objective.code]
                objective.save(update_fields=["text"])
        have = set(script.objectives.values_list("code", flat=True))
        Objective.objects.bulk_create(
            Objective(script=script, code=code, text=text)
            for code, text in objectives
            if code not in have
        )
        record(
            actor(membership),
            "drills.script.updated",
            script,
            event_id=membership.event_id,
            before=before,
            after=script_summary(script),
        )
    return script


def objectives_text(script: DrillScript) -> str:
    return "\n".join(f"{o.code}: {o.text}" for o in script.objectives.all())


def copy_script(membership: Membership, source: DrillScript, name: str = "") -> DrillScript:
    """A new script with the source's objectives and injects (a previous drill's, to run again
    or to re-test its areas for improvement)."""
    require_role(membership, SCRIPT_EDITORS)
    if source.event_id != membership.event_id:
        raise DomainError("not_found", _("No such script in this event."), status=404)
    name = clean_text(name, "name", max_length=200, required=False) or _(
        "%(name)s (copy %(when)s)"
    ) % {"name": source.name[:150], "when": timezone.localtime().strftime("%d/%m %H:%M")}
    with transaction.atomic():
        _unique_name(membership.event, name)
        script = DrillScript.objects.create(
            event=membership.event,
            name=name,
            description=source.description,
            copied_from=source,
            created_at=timezone.now(),
            created_by=membership.user,
        )
        objectives = {
            o.pk: Objective.objects.create(script=script, code=o.code, text=o.text)
            for o in source.objectives.all()
        }
        copies: dict[int, Inject] = {}
        originals = list(source.injects.order_by("contingency_of_id", "number"))
        # Scheduled injects first (contingency_of NULL sorts first), so each contingency finds
        # the copy of the inject it backs up.
        for inject in sorted(originals, key=lambda i: (i.contingency_of_id is not None, i.number)):
            parent = copies.get(inject.contingency_of_id) if inject.contingency_of_id else None
            original_pk = inject.pk
            inject.pk = None
            inject.script = script
            inject.objective = objectives.get(inject.objective_id or 0)
            inject.contingency_of = parent
            inject.save()
            copies[original_pk] = inject
        record(
            actor(membership),
            "drills.script.copied",
            script,
            event_id=membership.event_id,
            after=script_summary(script) | {"from": source.pk, "injects": len(copies)},
        )
    return script


def script_in_use(script: DrillScript) -> bool:
    return Drill.objects.filter(script=script).exclude(state=DrillState.READY).exists()


def _editable(script: DrillScript) -> None:
    if script_in_use(script):
        raise DomainError(
            "script_in_use",
            _("A drill has run this script: copy it to change its injects."),
            status=409,
        )


# --- Injects -------------------------------------------------------------------------------------


@dataclass
class InjectData:
    kind: str
    text: str
    expected_action: str
    target_minutes: float
    offset_minutes: float | None = None  # None: a contingency (``contingency_of_id``)
    incident_type: str = ""
    site_id: int | None = None
    zone_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    severity: int = 3
    expected_stage: str = Stage.DISPATCHED
    objective_id: int | None = None
    contingency_of_id: int | None = None


def event_type_codes(event: Event) -> set[str]:
    return set(IncidentType.objects.filter(event=event, active=True).values_list("code", flat=True))


def _seconds(minutes: float, field: str, limit: int) -> int:
    if not math.isfinite(minutes) or minutes < 0:
        raise DomainError(
            "negative_offset" if field == "offset" else "invalid_target",
            _("A time from the start cannot be negative.")
            if field == "offset"
            else _("A target time must be a positive number of minutes."),
            field=field,
        )
    if minutes > limit:
        raise DomainError("too_late", _("At most %(n)d minutes.") % {"n": limit}, field=field)
    return round(minutes * 60)


def clean_inject(
    script: DrillScript,
    data: InjectData,
    *,
    exclude: int | None = None,
    types: set[str] | None = None,
    taken: dict[int, int] | None = None,
) -> dict[str, Any]:
    """The model fields of a valid inject, or the first problem as a DomainError on its field.

    ``taken``: offset (seconds) → inject number already in the script; read from the database
    unless given (an import checks its rows against the script and each other with one dict).
    """
    event = script.event
    if data.kind not in InjectKind.values:
        raise DomainError("invalid_kind", _("Unknown kind of inject."), field="kind")
    parent = None
    if data.contingency_of_id is not None:
        parent = script.injects.filter(pk=data.contingency_of_id).first()
        if parent is None or parent.contingency_of_id is not None:
            raise DomainError(
                "invalid_contingency",
                _("A contingency backs up one of this script's scheduled injects."),
                field="contingency_of",
            )
        offset = None
    else:
        if data.offset_minutes is None:
            raise DomainError(
                "offset_required", _("Give the minute of the drill it arrives."), field="offset"
            )
        offset = _seconds(data.offset_minutes, "offset", MAX_OFFSET_MINUTES)
        if taken is None:
            others = script.injects.filter(offset_seconds__isnull=False)
            if exclude is not None:
                others = others.exclude(pk=exclude)
            taken = {
                at: number
                for at, number in others.values_list("offset_seconds", "number")
                if at is not None
            }
        if offset in taken:
            raise DomainError(
                "overlapping_offset",
                _(
                    "Inject #%(number)d already arrives at minute %(minute)s: give each inject "
                    "its own time."
                )
                % {"number": taken[offset], "minute": f"{offset / 60:g}"},
                field="offset",
            )
    target = _seconds(data.target_minutes, "target", MAX_TARGET_MINUTES)
    if target <= 0:
        raise DomainError(
            "invalid_target",
            _("A target time must be a positive number of minutes."),
            field="target",
        )
    codes = types if types is not None else event_type_codes(event)
    incident_type = (data.incident_type or "").strip()
    if data.kind in KIND_TYPES and not incident_type:
        incident_type = KIND_TYPES[data.kind]
    if incident_type and incident_type not in codes:
        raise DomainError(
            "unknown_type",
            _("The desk has no incident type “%(code)s”.") % {"code": incident_type[:32]},
            field="incident_type",
        )
    if not incident_type and data.kind != InjectKind.TIP:
        raise DomainError(
            "type_required",
            _("Choose the incident type the desk receives."),
            field="incident_type",
        )
    if data.severity not in (1, 2, 3, 4):
        raise DomainError(
            "invalid_severity", _("Severity goes from 1 (critical) to 4 (low)."), field="severity"
        )
    if data.expected_stage not in Stage.values:
        raise DomainError("invalid_stage", _("Unknown step of the response."), field="stage")
    objective = None
    if data.objective_id is not None:
        objective = script.objectives.filter(pk=data.objective_id).first()
        if objective is None:
            raise DomainError(
                "unknown_objective", _("No such objective in this script."), field="objective"
            )
    place = clean_place(
        event, site_id=data.site_id, zone_id=data.zone_id, lat=data.lat, lon=data.lon
    )
    return {
        "offset_seconds": offset,
        "kind": data.kind,
        "incident_type": incident_type,
        "site": place.site,
        "zone": place.zone,
        "lat": place.lat,
        "lon": place.lon,
        "severity": data.severity,
        "text": clean_text(data.text, "text", max_length=1000),
        "expected_action": clean_text(data.expected_action, "expected_action", max_length=300),
        "expected_stage": data.expected_stage,
        "target_seconds": target,
        "objective": objective,
        "contingency_of": parent,
    }


def inject_summary(inject: Inject) -> dict[str, Any]:
    # The script's words are invented for the exercise; the log keeps the facts that time it.
    return {
        "number": inject.number,
        "offset_seconds": inject.offset_seconds,
        "kind": inject.kind,
        "incident_type": inject.incident_type,
        "severity": inject.severity,
        "stage": inject.expected_stage,
        "target_seconds": inject.target_seconds,
        "contingency_of": inject.contingency_of_id,
    }


def next_number(script: DrillScript) -> int:
    return (script.injects.aggregate(n=Max("number"))["n"] or 0) + 1


def add_inject(membership: Membership, script: DrillScript, data: InjectData) -> Inject:
    require_role(membership, SCRIPT_EDITORS)
    with transaction.atomic():
        script = DrillScript.objects.select_for_update().get(pk=script.pk)
        _editable(script)
        fields = clean_inject(script, data)
        inject = Inject.objects.create(script=script, number=next_number(script), **fields)
        record(
            actor(membership),
            "drills.inject.created",
            inject,
            event_id=membership.event_id,
            after=inject_summary(inject),
        )
    return inject


def update_inject(membership: Membership, inject: Inject, data: InjectData) -> Inject:
    require_role(membership, SCRIPT_EDITORS)
    with transaction.atomic():
        script = DrillScript.objects.select_for_update().get(pk=inject.script_id)
        _editable(script)
        fields = clean_inject(script, data, exclude=inject.pk)
        if fields["contingency_of"] is not None and fields["contingency_of"].pk == inject.pk:
            raise DomainError(
                "invalid_contingency",
                _("An inject cannot back itself up."),
                field="contingency_of",
            )
        if fields["contingency_of"] is not None and inject.contingencies.exists():
            raise DomainError(
                "invalid_contingency",
                _("This inject has contingencies of its own: it stays scheduled."),
                field="contingency_of",
            )
        before = inject_summary(inject)
        for name, value in fields.items():
            setattr(inject, name, value)
        inject.save()
        record(
            actor(membership),
            "drills.inject.updated",
            inject,
            event_id=membership.event_id,
            before=before,
            after=inject_summary(inject),
        )
    return inject


def delete_inject(membership: Membership, inject: Inject) -> None:
    require_role(membership, SCRIPT_EDITORS)
    with transaction.atomic():
        script = DrillScript.objects.select_for_update().get(pk=inject.script_id)
        _editable(script)
        record(
            actor(membership),
            "drills.inject.deleted",
            inject,
            event_id=membership.event_id,
            before=inject_summary(inject),
        )
        inject.delete()
