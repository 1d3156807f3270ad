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
    Objective,
    ObjectiveRating,
    Observation,
    ObservationKind,
)
from garrison.drills.report import Report, build_report


@dataclass
class AfterAction:
    drill: Drill
    report: Report
    figures: dict[str, dict[str, float | None]]
    objectives: list[tuple[Objective, ObjectiveRating | None]]
    observations: list[Observation]
    actions: list[CorrectiveAction]

    @property
    def strengths(self) -> list[Observation]:
        return [o for o in self.observations if o.kind == ObservationKind.STRENGTH]

    @property
    def improvements(self) -> list[Observation]:
        return [o for o in self.observations if o.kind == ObservationKind.IMPROVEMENT]


def after_action(drill: Drill) -> AfterAction:
    report = build_report(drill)
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
    )
