"""Import tasks from CSV: a preview that lists every bad row and why; nothing saved until confirmed.

Every row goes through ``services.create_task`` (the one write path) inside a transaction that is
rolled back for the preview, and also for the import when any row fails: a file imports whole or
not at all. Columns (first line, any order; only ``title`` is required):
title, deliverable, owner (username), unit (code), deadline (YYYY-MM-DD HH:MM, event time),
phase (name), site (name), priority (low/normal/high/critical), status (draft/open).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.core.errors import DomainError
from garrison.events.models import Phase, Site
from garrison.forces.models import Unit
from garrison.planning.roles import PLANNERS
from garrison.planning.tasks.models import Priority, TaskStatus
from garrison.planning.tasks.services import TaskData, create_task

COLUMNS = (
    "title", "deliverable", "owner", "unit", "deadline", "phase", "site", "priority", "status",
)  # fmt: skip
MAX_BYTES = 1_000_000
MAX_ROWS = 2000


@dataclass
class Row:
    line: int
    title: str
    errors: list[str] = field(default_factory=list)


@dataclass
class Result:
    rows: list[Row]
    saved: bool = False

    @property
    def bad(self) -> list[Row]:
        return [r for r in self.rows if r.errors]


class _Rollback(Exception):
    pass


def _read(raw: bytes) -> list[dict[str, str]]:
    if len(raw) > MAX_BYTES:
        raise DomainError("too_large", _("The file is larger than 1 MB."), field="file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError("encoding", _("The file is not UTF-8 text."), field="file") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    unknown = [name for name in header if name not in COLUMNS]
    if "title" not in header or unknown:
        raise DomainError(
            "bad_header",
            _("The first line must name the columns, among: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)},
            field="file",
        )
    reader.fieldnames = header
    try:
        rows = [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except csv.Error as exc:
        raise DomainError("malformed", _("The CSV is malformed: %(e)s") % {"e": exc}) from exc
    if not rows:
        raise DomainError("empty", _("The file has no rows under its header."), field="file")
    if len(rows) > MAX_ROWS:
        raise DomainError(
            "too_many", _("At most %(n)d rows at a time.") % {"n": MAX_ROWS}, field="file"
        )
    return rows


def _lookups(membership: Membership) -> dict[str, dict[str, int]]:
    event = membership.event
    return {
        "owner": {
            m.user.username.lower(): m.user_id
            for m in Membership.objects.filter(event=event).select_related("user")
        },
        "unit": {c.lower(): pk for pk, c in Unit.objects.filter(event=event).values_list("pk", "code")},
        "phase": {n.lower(): pk for pk, n in Phase.objects.filter(event=event).values_list("pk", "name")},
        "site": {n.lower(): pk for pk, n in Site.objects.filter(event=event).values_list("pk", "name")},
    }  # fmt: skip


def _parse(
    membership: Membership, values: dict[str, str], lookups: dict[str, dict[str, int]], row: Row
) -> tuple[TaskData, str]:
    ids: dict[str, int | None] = {}
    for column in ("owner", "unit", "phase", "site"):
        value = values.get(column, "")
        ids[column] = lookups[column].get(value.lower()) if value else None
        if value and ids[column] is None:
            row.errors.append(
                _("%(column)s: no “%(value)s” in this event.")
                % {"column": column, "value": value[:60]}
            )
    deadline = None
    if values.get("deadline"):
        try:
            naive = dt.datetime.strptime(values["deadline"], "%Y-%m-%d %H:%M")
            deadline = naive.replace(tzinfo=membership.event.tzinfo)
        except ValueError:
            row.errors.append(_("deadline: write it as YYYY-MM-DD HH:MM."))
    priority = values.get("priority", "").lower() or Priority.NORMAL
    if priority not in Priority.values:
        row.errors.append(
            _("priority: one of %(values)s.") % {"values": ", ".join(Priority.values)}
        )
    status = values.get("status", "").lower() or TaskStatus.DRAFT
    if status not in (TaskStatus.DRAFT, TaskStatus.OPEN):
        row.errors.append(_("status: draft or open."))
    data = TaskData(
        title=values.get("title", ""),
        deliverable=values.get("deliverable", ""),
        owner_id=ids["owner"],
        unit_id=ids["unit"],
        deadline=deadline,
        phase_id=ids["phase"],
        site_id=ids["site"],
        priority=priority,
    )
    return data, status


def import_tasks(membership: Membership, raw: bytes, *, confirm: bool) -> Result:
    """Check (and with ``confirm``, save) every row; saved only when confirmed and all are good."""
    require_role(membership, PLANNERS)
    records = _read(raw)
    lookups = _lookups(membership)
    rows: list[Row] = []
    try:
        with transaction.atomic():
            for number, values in enumerate(records, start=2):
                row = Row(number, values.get("title", "")[:200])
                rows.append(row)
                data, status = _parse(membership, values, lookups, row)
                if row.errors:
                    continue
                try:
                    with transaction.atomic():
                        create_task(membership, data, status=status)
                except DomainError as error:
                    row.errors.append(str(error.message))
            if not confirm or any(r.errors for r in rows):
                raise _Rollback
    except _Rollback:
        return Result(rows)
    return Result(rows, saved=True)
