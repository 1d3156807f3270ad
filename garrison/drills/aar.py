"""The after-action report and improvement plan, read once for the page and the PDF.

HSEEP's order: overview, objectives with their ratings, each inject's timeline against its
target, strengths and areas for improvement (the observations evaluators flagged so), and the
corrective actions with the planning task each became.
"""

from __future__ import annotations

from dataclasses import dataclass

from garrison.drills.models import (
    CorrectiveAction,
    Drill,
    DrillState,
    Objective,
    ObjectiveRating,
    Observation,
    ObservationKind,
)
from garrison.drills.report import Report, build_reports


@dataclass
class AfterAction:
    drill: Drill
    report: Report
    figures: dict[str, dict[str, float | None]]
    objectives: list[tuple[Objective, ObjectiveRating | None]]
    observations: list[Observation]
    actions: list[CorrectiveAction]
    # The drill of the series before this one, for its figures beside this one's.
    previous: Drill | None = None
    previous_figures: dict[str, dict[str, float | None]] | None = None

    @property
    def strengths(self) -> list[Observation]:
        return [o for o in self.observations if o.kind == ObservationKind.STRENGTH]

    @property
    def improvements(self) -> list[Observation]:
        return [o for o in self.observations if o.kind == ObservationKind.IMPROVEMENT]


def previous_drill(drill: Drill) -> Drill | None:
    if drill.started_at is None:
        return None
    return (
        Drill.objects.filter(event_id=drill.event_id, started_at__lt=drill.started_at)
        .exclude(state=DrillState.READY)
        .order_by("-started_at", "-pk")
        .first()
    )


def after_action(drill: Drill) -> AfterAction:
    previous = previous_drill(drill)
    reports = build_reports([drill, previous] if previous is not None else [drill])
    report = reports[drill.pk]
    ratings = {r.objective_id: r for r in ObjectiveRating.objects.filter(drill=drill)}
    return AfterAction(
        drill=drill,
        report=report,
        figures=report.figures(),
        objectives=[(o, ratings.get(o.pk)) for o in drill.script.objectives.all()],
        observations=list(Observation.objects.filter(drill=drill).select_related("objective")),
        actions=list(
            CorrectiveAction.objects.filter(drill=drill).select_related(
                "task", "task__owner", "task__unit", "observation"
            )
        ),
        previous=previous,
        previous_figures=reports[previous.pk].figures() if previous is not None else None,
    )
