"""The after-action report and improvement plan as a PDF, in Vietnamese or English.

Laid out with the pieces every printed document shares (garrison/core/pdfdoc.py): one line per
table row, cells cut to their column, a font with Vietnamese letters. Times are the event's, on
a 24-hour clock.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from garrison.core.pdfdoc import FONT, Document, new_document, para, table
from garrison.drills.aar import AfterAction
from garrison.drills.report import INTERVALS

STEPS = ("triaged", "dispatched", "on_scene", "resolved")


def _local(moment: dt.datetime | None, tz: dt.tzinfo) -> str:
    return "—" if moment is None else timezone.localtime(moment, tz).strftime("%d/%m/%Y %H:%M")


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _heading(pdf: Document, text: str) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)


def _overview(pdf: Document, aar: AfterAction, tz: dt.tzinfo) -> None:
    drill, report = aar.drill, aar.report
    pdf.set_font(FONT, "B", 16)
    title = f"{_('After-action report')} · {drill.name} · {_('EXERCISE')}"
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    stop = f" · {drill.get_stop_reason_display()}" if drill.stop_reason else ""
    lines = [
        drill.event.name,
        f"{_('Script')}: {drill.script.name}",
        f"{_('Started')}: {_local(drill.started_at, tz)} · {_('Ended')}: "
        f"{_local(drill.stopped_at, tz)}{stop}",
        f"{_('Speed')}: {drill.speed}×",
        _("%(n)s injects, %(released)s released; targets met %(met)s, missed %(missed)s")
        % {
            "n": len(report.lines),
            "released": report.released,
            "met": report.met,
            "missed": report.missed,
        },
    ]
    pdf.multi_cell(0, 6, "\n".join(lines), new_x="LMARGIN", new_y="NEXT")
    if drill.speed != 1:
        para(
            pdf,
            _(
                "Times are in drill time: the real intervals multiplied by the speed "
                "(%(speed)s×), to be read against the script's targets."
            )
            % {"speed": drill.speed},
        )


def build_pdf(aar: AfterAction, language: str, at: dt.datetime) -> bytes:
    """The report of ``aar`` in ``language`` as it stands at ``at``."""
    drill = aar.drill
    tz = drill.event.tzinfo
    with translation.override(language):
        title = f"{drill.event.name} · {_('After-action report')} · {_('EXERCISE')}"
        pdf = new_document(at, title)
        pdf.add_page()
        _overview(pdf, aar, tz)

        _heading(pdf, _("Objectives and ratings"))
        table(
            pdf,
            [_("Code"), pgettext("drill", "Objective"), _("Rating"), _("Reason")],
            [
                [o.code, o.text, r.get_rating_display() if r else "—", r.note if r else ""]
                for o, r in aar.objectives
            ],
            [14, 86, 50, 40],
        )

        _heading(pdf, _("Intervals"))
        before = aar.previous_figures or {}
        table(
            pdf,
            [_("Interval"), "n", "p50 (s)", "p90 (s)", _("Previous drill: p50 / p90")],
            [
                [
                    str(label),
                    f"{aar.figures[key]['n']:.0f}",
                    _seconds(aar.figures[key]["p50"]),
                    _seconds(aar.figures[key]["p90"]),
                    f"{_seconds(before[key]['p50'])} / {_seconds(before[key]['p90'])}"
                    if key in before
                    else "—",
                ]
                for key, _start, _end, label in INTERVALS
            ],
            [62, 14, 24, 24, 66],
        )
        if aar.previous is not None:
            para(pdf, _("Previous drill: %(name)s.") % {"name": aar.previous.name})

        _heading(pdf, _("Every inject's timeline"))
        para(pdf, _("Seconds from receipt at the desk to each step; the target counts to the step the script names."))  # fmt: skip
        rows = []
        for line in aar.report.lines:
            minute = "—" if line.inject.minute is None else f"{line.inject.minute:g}"
            result = {True: _("met"), False: _("missed"), None: "—"}[line.met]
            rows.append([
                f"#{line.inject.number}", minute,
                line.timeline.reference if line.timeline else line.release.get_state_display(),
                *[_seconds(line.since_received.get(step)) for step in STEPS],
                f"{line.inject.get_expected_stage_display()} ≤ {line.target_seconds}",
                result, line.inject.objective.code if line.inject.objective else "—",
            ])  # fmt: skip
        header = [
            "#", _("Minute"), _("Incident"), _("Triaged"), _("Dispatched"), _("On scene"),
            _("Resolved"), _("Target"), _("Result"), pgettext("drill", "Objective"),
        ]  # fmt: skip
        table(pdf, header, rows, [10, 13, 24, 16, 18, 16, 16, 37, 22, 18])

        for title, items in (
            (_("Strengths"), aar.strengths),
            (_("Areas for improvement"), aar.improvements),
        ):
            _heading(pdf, title)
            table(
                pdf,
                [_("Minute"), pgettext("drill", "Objective"), _("What was seen")],
                [
                    [
                        "—" if o.minute is None else f"{o.minute:.1f}",
                        o.objective.code if o.objective else "—",
                        o.text,
                    ]
                    for o in items
                ],
                [16, 20, 154],
            )

        _heading(pdf, _("Improvement plan: corrective actions"))
        actions = []
        for action in aar.actions:
            task = action.task
            if task is None:
                continue
            actions.append([
                task.title, task.owner.display_name() if task.owner else "—",
                task.unit.code if task.unit else "—", _local(task.deadline, tz),
                task.get_status_display(),
            ])  # fmt: skip
        table(
            pdf,
            [_("Corrective action"), _("Owner"), _("Unit"), _("Deadline"), _("Status")],
            actions,
            [78, 38, 20, 30, 24],
        )
        return bytes(pdf.output())
