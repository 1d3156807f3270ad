"""The after-action report and improvement plan as a PDF, in Vietnamese or English.

Laid out with fpdf2 like the action plan packet (garrison/reports/packet.py): one line per table
row, cells cut to their column, and the DejaVu Sans the badges embed, since PDF core fonts have
no Vietnamese letters. Times are the event's, on a 24-hour clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF

from garrison.drills.aar import AfterAction
from garrison.drills.report import INTERVALS

logging.getLogger("fontTools").setLevel(logging.WARNING)

# The badges' fonts (accreditation/data), read from disk rather than shipped a third time.
FONTS = Path(__file__).resolve().parent.parent / "accreditation" / "data"
FONT = "DejaVuCond"
LINE = 4.5  # mm: one table line at 8 pt
STEPS = ("triaged", "dispatched", "on_scene", "resolved")


class _Document(FPDF):
    title_line = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        page = _("Page %(n)s of %(total)s") % {"n": self.page_no(), "total": "{nb}"}
        self.cell(0, 6, f"{self.title_line} · {page}", align="C")


def _local(moment: dt.datetime | None, tz: dt.tzinfo) -> str:
    return "—" if moment is None else timezone.localtime(moment, tz).strftime("%d/%m/%Y %H:%M")


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _heading(pdf: _Document, text: str) -> None:
    if pdf.will_page_break(20):
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)


def _para(pdf: _Document, text: str) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _fit(pdf: _Document, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` mm less padding on one line."""
    text = " ".join(text.split())
    room = width - 2
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[
            : max(0, min(len(text) - 1, int(len(text) * room / pdf.get_string_width(text))))
        ]
    return text + "…"


def _table(pdf: _Document, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
    if not rows:
        _para(pdf, _("None."))
        return

    def line(cells: list[str], style: str) -> None:
        pdf.set_font(FONT, style, 8)
        for text, width in zip(cells, widths, strict=True):
            pdf.cell(width, LINE, _fit(pdf, text, width), border=1)
        pdf.ln(LINE)

    line(header, "B")
    for row in rows:
        if pdf.will_page_break(LINE):
            pdf.add_page()
            line(header, "B")
        line(row, "")
    pdf.set_font(FONT, "", 9)
    pdf.ln(1)


def _overview(pdf: _Document, aar: AfterAction, tz: dt.tzinfo) -> None:
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
        _para(
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
        pdf = _Document(orientation="P", unit="mm", format="A4")
        pdf.set_creation_date(at)
        pdf.add_font(FONT, "", str(FONTS / "DejaVuSansCondensed.ttf"))
        pdf.add_font(FONT, "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
        pdf.set_auto_page_break(True, margin=16)
        pdf.title_line = f"{drill.event.name} · {_('After-action report')} · {_('EXERCISE')}"
        pdf.add_page()
        _overview(pdf, aar, tz)

        _heading(pdf, _("Objectives and ratings"))
        _table(
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
        _table(
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
            _para(pdf, _("Previous drill: %(name)s.") % {"name": aar.previous.name})

        _heading(pdf, _("Every inject's timeline"))
        _para(pdf, _("Seconds from receipt at the desk to each step; the target counts to the step the script names."))  # fmt: skip
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
        _table(pdf, header, rows, [10, 13, 24, 16, 18, 16, 16, 37, 22, 18])

        for title, items in (
            (_("Strengths"), aar.strengths),
            (_("Areas for improvement"), aar.improvements),
        ):
            _heading(pdf, title)
            _table(
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
        _table(
            pdf,
            [_("Corrective action"), _("Owner"), _("Unit"), _("Deadline"), _("Status")],
            actions,
            [78, 38, 20, 30, 24],
        )
        return bytes(pdf.output())
