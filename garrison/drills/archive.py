"""What drills put in the event's archive (garrison.core.archive): the scripts, the drills run
and each inject's release, and one after-action report per drill that started, as a PDF of the
figures and lines the report page shows (``drills.report``). Drills hold no personal data
(``drills.personal``): the scripts are invented."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.core.archive import Document, Table, contribute, model_table
from garrison.drills.models import Drill, DrillScript, Release
from garrison.drills.report import INTERVALS, Report, build_report
from garrison.events.models import Event


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "drills/scripts",
            DrillScript.objects.filter(event=event),
            ["id", "name", "description", "created_at"],
        ),
        model_table(
            "drills/drills",
            Drill.objects.filter(event=event),
            [
                "id",
                "script_id",
                "name",
                "speed",
                "state",
                "started_at",
                "stopped_at",
                "stop_reason",
                "stop_note",
            ],
        ),
        model_table(
            "drills/releases",
            Release.objects.filter(drill__event=event),
            [
                "id",
                "drill_id",
                "inject__number",
                "state",
                "due_at",
                "released_at",
                "lag_seconds",
                "by_hand",
                "incident_id",
            ],
        ),
    ]


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def report_pdf(report: Report) -> bytes:
    from garrison.core.archive_pdf import PdfSection, tables_pdf

    drill = report.drill
    figures = report.figures()
    labels = {key: str(label) for key, _start, _end, label in INTERVALS}
    sections = [
        PdfSection(
            _("Response intervals (drill seconds)"),
            header=(_("Interval"), _("Number"), "p50", "p90"),
            rows=[
                (labels[key], str(f["n"]), _seconds(f["p50"]), _seconds(f["p90"]))
                for key, f in figures.items()
            ],
            widths=(90, 30, 30, 30),
        ),
        PdfSection(
            _("Injects"),
            text=_("%(released)s released, %(met)s met their target, %(missed)s missed it.")
            % {"released": report.released, "met": report.met, "missed": report.missed},
            header=("#", _("Expected action"), _("State"), _("Target (s)"), _("Achieved (s)")),
            rows=[
                (
                    str(line.inject.number),
                    line.inject.expected_action,
                    line.release.get_state_display(),
                    str(line.target_seconds),
                    _seconds(line.achieved_seconds),
                )
                for line in report.lines
            ],
            widths=(12, 88, 30, 25, 25),
        ),
    ]
    subtitle = _("%(drill)s, script %(script)s") % {"drill": drill.name, "script": drill.script}
    return tables_pdf(_("After-action report"), subtitle, sections, timezone.now())


def _report(pk: int) -> Callable[[], bytes]:
    def build() -> bytes:
        return report_pdf(build_report(Drill.objects.select_related("script").get(pk=pk)))

    return build


def _documents(event: Event) -> list[Document]:
    started = Drill.objects.filter(event=event, started_at__isnull=False).order_by("pk")
    return [
        Document(f"drills/after-action-report-{pk}.pdf", _report(pk))
        for pk in started.values_list("pk", flat=True)
    ]


def drill_statistics(event: Event) -> dict[str, Any]:
    drills = Drill.objects.filter(event=event, started_at__isnull=False).order_by("pk")
    return {
        "drills_run": drills.count(),
        "by_drill": {
            str(drill.pk): {"released": r.released, "met": r.met, "missed": r.missed}
            for drill in drills
            for r in [build_report(drill)]
        },
    }


contribute("drills", tables=_tables, documents=_documents, statistics=drill_statistics)
