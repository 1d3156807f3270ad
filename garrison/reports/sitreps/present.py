"""A situation report's stored figures laid out as titled tables, in the active language: the
one layout its HTML page and its PDF both draw, so screen and paper say the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from garrison.ops.models import Status
from garrison.readiness.models import ResourceStatus

INTERVALS = {
    "call_processing": lambda: _("Call processing"),
    "turnout": lambda: _("Turnout"),
    "travel": lambda: _("Travel"),
}


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    widths: list[int]  # mm on A4 portrait (180 mm of text width)
    notes: list[str] = field(default_factory=list)


def _n(value: Any) -> str:
    return "—" if value is None else str(value)


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{round(value)} s"


def tables(content: dict[str, Any]) -> list[Table]:
    incidents = content["incidents"]
    statuses = [s for s in Status.values if any(s in t["by_status"] for t in incidents["by_type"])]
    out = [
        Table(
            _("Incidents by type and status"),
            [_("Type"), *[str(Status(s).label) for s in statuses], _("Total")],
            [
                [_(t["type"]), *[_n(t["by_status"].get(s, 0)) for s in statuses], str(t["total"])]
                for t in incidents["by_type"]
            ],
            [60, *[max(12, 100 // max(1, len(statuses)))] * len(statuses), 20],
            [
                _("Received in the period: %(n)s. Still open at the end of it: %(open)s.")
                % {"n": incidents["total"], "open": incidents["open"]},
                _("Exercise (drill) incidents left out of every figure: %(n)s.")
                % {"n": incidents["exercise_left_out"]},
            ],
        ),
        Table(
            _("Response times against targets"),
            [
                _("Interval"),
                _("Target"),
                _("Count"),
                _("Median"),
                _("90th percentile"),
                _("Within target"),
            ],
            [
                [
                    INTERVALS[r["interval"]](),
                    _seconds(r["target"]),
                    str(r["n"]),
                    _seconds(r["p50"]),
                    _seconds(r["p90"]),
                    "—" if r["met_percent"] is None else f"{r['met_percent']} %",
                ]
                for r in content["response"]
            ],
            [45, 25, 20, 25, 35, 30],
        ),
    ]
    gates = content["gates"]
    out.append(
        Table(
            _("Scans and occupancy"),
            [_("Zone"), _("People inside"), _("Capacity")],
            [[z["zone"], str(z["inside"]), _n(z["capacity"])] for z in gates["zones"]],
            [90, 45, 45],
            [
                _(
                    "Scans at the gates: %(total)s, let through %(admitted)s, refused "
                    "%(refused)s, flagged for review %(flagged)s."
                )
                % gates,
            ],
        )
    )
    resources = content["resources"]
    out.append(
        Table(
            _("Resources by status"),
            [pgettext("resource", "Kind"), *[str(ResourceStatus(s).label)
                                             for s in resources["statuses"]], _("Expired")],
            [
                [k["kind"], *[str(k["by_status"].get(s, 0)) for s in resources["statuses"]],
                 str(k["expired"])]
                for k in resources["by_kind"]
            ],
            [60, *[30] * len(resources["statuses"]), 30],
        )
    )  # fmt: skip
    out.append(
        Table(
            _("Road closures"),
            [_("Street"), _("Reason"), _("From"), _("Until"), _("In force at the end")],
            [
                [c["street"], c["reason"], c["from"], c["to"], _("yes") if c["in_force"] else ""]
                for c in content["closures"]
            ],
            [50, 50, 25, 25, 30],
        )
    )
    return out


def summary(content: dict[str, Any], number: int, period: str, notable: str) -> str:
    """A few lines a parent event's board shows for the report (command's "reports up")."""
    incidents, gates = content["incidents"], content["gates"]
    lines = [
        _("Situation report no. %(n)s, %(period)s.") % {"n": number, "period": period},
        _("Incidents received: %(n)s; still open: %(open)s. Scans at the gates: %(scans)s, "
          "refused %(refused)s. Forces on duty: %(forces)s.")
        % {"n": incidents["total"], "open": incidents["open"], "scans": gates["total"],
           "refused": gates["refused"], "forces": content["forces_on_duty"]},
    ]  # fmt: skip
    if notable:
        lines.append(notable)
    return "\n".join(lines)
