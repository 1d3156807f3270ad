"""Importing a script's injects from a CSV or XLSX file: check every row, preview, then confirm.

Nothing is written until the planner confirms, and a file with any bad row cannot be confirmed:
the preview lists each bad row with its number and reason, the planner fixes the file and sends
it again. Confirmation checks every row once more (a site may have been renamed since) and writes
all of them or none.

Columns (first row, English or Vietnamese, case and accents ignored): ref, minute, kind, type,
place, severity, text, expected action, target (min), stage, objective, contingency for. A place
is a site's name, a zone's code or name, or "latitude, longitude". A contingency row names the
ref of the scheduled row it backs up and has no minute.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import record
from garrison.core.errors import DomainError
from garrison.core.tables import read_table, refuse_file
from garrison.drills.models import DrillScript, Inject, InjectKind, ScriptImport, Stage
from garrison.drills.roles import SCRIPT_EDITORS
from garrison.drills.scripts.services import (
    InjectData,
    _editable,
    actor,
    clean_inject,
    event_type_codes,
    inject_summary,
    next_number,
)
from garrison.events.models import Site, Zone


def fold(text: str) -> str:
    """Compared without case, accents or extra spaces: "Phút", "phut" and "PHUT " match."""
    text = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.lower().replace("_", " ").split()).rstrip("*:").strip()


COLUMNS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "#", "no", "number", "so", "stt", "ma"),
    "minute": ("minute", "offset", "time", "phut", "thoi diem", "phut thu"),
    "kind": ("kind", "loai", "loai tinh huong"),
    "type": ("type", "incident type", "loai su viec", "loai vu viec"),
    "place": ("place", "where", "location", "dia diem", "vi tri", "noi"),
    "severity": ("severity", "muc do"),
    "text": ("text", "message", "description", "noi dung", "mo ta"),
    "expected_action": ("expected action", "action", "hanh dong mong doi", "yeu cau xu ly"),
    "target": ("target", "target (min)", "target minutes", "thoi han", "thoi han (phut)"),
    "stage": ("stage", "counts to", "buoc", "den buoc"),
    "objective": ("objective", "muc tieu"),
    "contingency_for": ("contingency for", "if missed", "du phong cho"),
}
MAX_FILE_BYTES = 2 * 1024 * 1024  # a script of a few hundred injects is a few kilobytes
MAX_ROWS = 1000
_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}
REQUIRED = ("minute", "text", "expected_action", "target")

_KINDS = (
    {fold(value): value for value in InjectKind.values}
    | {fold(str(label)): value for value, label in InjectKind.choices}
    | {"su viec": "incident", "tin bao": "tip", "un u cong": "gate_surge"}
)
_STAGES = {fold(value): value for value in Stage.values} | {
    fold(str(label)): value for value, label in Stage.choices
}


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _ALIASES.get(fold(title))
        if column is not None and column not in found:
            found[column] = index
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise refuse_file(
            "missing_columns",
            _("The first row must name the columns; these are missing: %(names)s.")
            % {"names": ", ".join(missing)},
        )
    return found


def _number(value: str, column: str) -> float:
    value = value.strip().replace(",", ".")
    if ":" in value:  # "03:30": minutes and seconds
        minutes, _sep, seconds = value.partition(":")
        try:
            return int(minutes) + int(seconds) / 60
        except ValueError:
            pass
    try:
        return float(value)
    except ValueError as exc:
        raise DomainError(
            "not_a_number", _("%(column)s is not a number.") % {"column": column}
        ) from exc


def _places(script: DrillScript) -> dict[str, dict[str, int]]:
    places: dict[str, dict[str, int]] = {}
    for site in Site.objects.filter(event=script.event):
        places[fold(site.name)] = {"site_id": site.pk}
    for zone in Zone.objects.filter(event=script.event):
        places.setdefault(fold(zone.code), {"zone_id": zone.pk})
        places.setdefault(fold(zone.name), {"zone_id": zone.pk})
    return places


def _place(value: str, places: dict[str, dict[str, int]]) -> dict[str, Any]:
    known = places.get(fold(value))
    if known is not None:
        return dict(known)
    parts = value.replace(";", ",").split(",")
    if len(parts) == 2:
        try:
            return {"lat": float(parts[0]), "lon": float(parts[1])}
        except ValueError:
            pass
    if not value.strip():
        raise DomainError("place_required", _("The place is empty."))
    raise DomainError(
        "unknown_place",
        _("“%(value)s” is not a site or zone of this event, nor a point.") % {"value": value[:60]},
    )


def _row_data(
    values: dict[str, str], script: DrillScript, places: dict[str, dict[str, int]]
) -> tuple[InjectData, str]:
    """The row as inject data, and the ref of the row it is a contingency for ("" if none)."""
    contingency_for = values.get("contingency_for", "").strip()
    kind = _KINDS.get(fold(values.get("kind", "")) or "incident")
    if kind is None:
        raise DomainError(
            "invalid_kind", _("Unknown kind “%(value)s”.") % {"value": values["kind"][:40]}
        )
    stage = _STAGES.get(fold(values.get("stage", "")) or "dispatched")
    if stage is None:
        raise DomainError(
            "invalid_stage", _("Unknown step “%(value)s”.") % {"value": values["stage"][:40]}
        )
    objective_id = None
    if values.get("objective", "").strip():
        objective = script.objectives.filter(code__iexact=values["objective"].strip()).first()
        if objective is None:
            raise DomainError(
                "unknown_objective",
                _("No objective “%(value)s” in this script.") % {"value": values["objective"][:16]},
            )
        objective_id = objective.pk
    severity = values.get("severity", "").strip() or "3"
    if severity not in ("1", "2", "3", "4"):
        raise DomainError("invalid_severity", _("Severity goes from 1 (critical) to 4 (low)."))
    minute = values.get("minute", "").strip()
    if contingency_for and minute:
        raise DomainError(
            "contingency_with_minute",
            _("A contingency has no minute: a controller releases it."),
        )
    data = InjectData(
        kind=kind,
        text=values.get("text", ""),
        expected_action=values.get("expected_action", ""),
        target_minutes=_number(values.get("target", ""), _("Target")),
        offset_minutes=None if contingency_for else _number(minute, _("Minute")),
        incident_type=values.get("type", "").strip(),
        severity=int(severity),
        expected_stage=stage,
        objective_id=objective_id,
        **_place(values.get("place", ""), places),
    )
    return data, contingency_for


def check_table(
    script: DrillScript, table: list[list[str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(good rows, problems as {row, reason}): every row checked against the script and the
    rows above it; a row with several problems shows the first."""
    if not table:
        raise refuse_file("empty_file", _("The file is empty."))
    columns = _header_map(table[0])
    places = _places(script)
    types = event_type_codes(script.event)
    taken: dict[int, int] = {
        at: number
        for at, number in script.injects.values_list("offset_seconds", "number")
        if at is not None
    }
    refs: dict[str, int] = {}  # ref → row number of a scheduled row
    row_at: dict[int, int] = {}  # offset (seconds) → row number of a scheduled row
    good: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        values = {
            column: (raw[index] if index < len(raw) else "").strip()
            for column, index in columns.items()
        }
        ref = values.get("ref", "") or str(number)
        try:
            if ref in refs:
                raise DomainError(
                    "duplicate_ref", _("Same ref as row %(row)d.") % {"row": refs[ref]}
                )
            data, parent_ref = _row_data(values, script, places)
            if parent_ref and parent_ref not in refs:
                raise DomainError(
                    "unknown_contingency",
                    _("“%(ref)s” is not the ref of a scheduled row above this one.")
                    % {"ref": parent_ref[:20]},
                )
            if parent_ref:
                # Checked as a scheduled inject at a free minute: its own minute is none.
                check = InjectData(**(asdict(data) | {"offset_minutes": 0}))
                clean_inject(script, check, types=types, taken={})
            else:
                offset = round((data.offset_minutes or 0) * 60)
                if offset in row_at:
                    raise DomainError(
                        "overlapping_offset",
                        _("Same minute as row %(row)d: give each inject its own time.")
                        % {"row": row_at[offset]},
                    )
                clean_inject(script, data, types=types, taken=taken)
                row_at[offset] = number
        except DomainError as error:
            problems.append({"row": number, "reason": str(error.message)})
            continue
        if not parent_ref:
            refs[ref] = number
        good.append({"row": number, "ref": ref, "parent": parent_ref, "data": asdict(data)})
    return good, problems


def preview_import(
    membership: Membership, script: DrillScript, filename: str, data: bytes
) -> ScriptImport:
    require_role(membership, SCRIPT_EDITORS)
    _editable(script)
    good, problems = check_table(
        script, read_table(data, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS)
    )
    with transaction.atomic():
        batch = ScriptImport.objects.create(
            script=script,
            created_at=timezone.now(),
            created_by=membership.user,
            filename=(filename or "upload")[:200],
            rows=good,
            problems=problems,
        )
        record(
            actor(membership),
            "drills.import.previewed",
            batch,
            event_id=membership.event_id,
            after={"good": len(good), "bad": len(problems)},
        )
    return batch


def confirm_import(membership: Membership, batch: ScriptImport) -> int:
    """Write every row of a clean preview as an inject, or none."""
    require_role(membership, SCRIPT_EDITORS)
    with transaction.atomic():
        batch = ScriptImport.objects.select_for_update().select_related("script").get(pk=batch.pk)
        if batch.status != ScriptImport.Status.PENDING:
            raise DomainError(
                "import_closed",
                _("This import has already been confirmed or discarded."),
                status=409,
            )
        if batch.problems:
            raise DomainError(
                "import_has_problems",
                _("Some rows are not valid: correct the file and import it again."),
                status=409,
            )
        script = DrillScript.objects.select_for_update().get(pk=batch.script_id)
        _editable(script)
        types = event_type_codes(script.event)
        created: dict[str, Inject] = {}
        number = next_number(script)
        # Scheduled rows first, then the contingencies that point at them.
        for row in sorted(batch.rows, key=lambda r: (bool(r["parent"]), r["row"])):
            data = InjectData(**row["data"])
            if row["parent"]:
                data.contingency_of_id = created[row["parent"]].pk
            try:
                fields = clean_inject(script, data, types=types)
            except DomainError as error:
                raise DomainError(
                    error.code,
                    _("Row %(row)d: %(reason)s Nothing was imported.")
                    % {"row": row["row"], "reason": error.message},
                    status=409,
                ) from error
            created[row["ref"]] = Inject.objects.create(script=script, number=number, **fields)
            number += 1
        batch.status = ScriptImport.Status.IMPORTED
        batch.save(update_fields=["status"])
        record(
            actor(membership),
            "drills.import.confirmed",
            batch,
            event_id=membership.event_id,
            after={"created": len(created)},
        )
        for inject in created.values():
            record(
                actor(membership),
                "drills.inject.created",
                inject,
                event_id=membership.event_id,
                after=inject_summary(inject),
            )
    return len(created)


def discard_import(membership: Membership, batch: ScriptImport) -> None:
    require_role(membership, SCRIPT_EDITORS)
    with transaction.atomic():
        if ScriptImport.objects.filter(pk=batch.pk, status=ScriptImport.Status.PENDING).update(
            status=ScriptImport.Status.DISCARDED, rows=[]
        ):
            record(
                actor(membership),
                "drills.import.discarded",
                batch,
                event_id=membership.event_id,
            )
