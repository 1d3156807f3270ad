"""Drills compared: the series' intervals, ratings and closed actions, and re-testing the areas
for improvement in the next drill's script."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import NOW
from garrison.core.errors import DomainError
from garrison.drills.evaluation import services as evaluation
from garrison.drills.evaluation.services import ObservationData
from garrison.drills.improvement import services
from garrison.drills.models import CorrectiveAction, Drill
from garrison.drills.series.compare import chart, compare
from garrison.drills.tests.factories import make_drill, make_script, make_timed_drill
from garrison.events.models import Event
from garrison.ops.tests.factories import make_unit
from garrison.planning.tasks.models import Task

ClientFor = Callable[[User], Client]
DAY = dt.timedelta(days=1)


def _series(event: Event, evaluator: Membership) -> list[Drill]:
    unit = make_unit(event)
    first = make_timed_drill(
        event, NOW - 20 * DAY, [(60, 120, 300, 600), (90, 150, 400, 500)], unit=unit
    )
    second = make_timed_drill(
        event, NOW - 10 * DAY, [(30, 60, 240, 500), (40, 80, 260, 450)], unit=unit
    )
    for drill, rating in ((first, "M"), (second, "S")):
        objective = drill.script.objectives.get()
        evaluation.rate_objective(evaluator, drill, objective.pk, rating)
    done = Task.objects.create(event=event, title="Cards", status="done", done_at=NOW - DAY)
    late = Task.objects.create(event=event, title="Radios", status="open")
    for task in (done, late):
        CorrectiveAction.objects.create(drill=first, task=task, created_at=NOW - 19 * DAY)
    return [first, second]


def test_the_series_shows_each_drills_intervals_ratings_and_closed_actions(
    as_planner: Membership, event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    first, second = _series(event, as_planner)
    make_drill(event, state="ready")  # not run: not in the series
    comparison = compare(event)
    assert [row.drill for row in comparison.rows] == [first, second]
    slow, fast = comparison.rows
    # Nearest rank of two values: p50 is the lower, p90 the higher.
    assert slow.figures["received_triaged"] == {"n": 2, "p50": 60, "p90": 90}
    assert fast.figures["triaged_dispatched"] == {"n": 2, "p50": 60, "p90": 80}
    assert (slow.performed, fast.performed, fast.objectives) == (0, 1, 1)
    assert (slow.actions, slow.closed_before, comparison.closed_before) == (2, 1, 1)
    assert comparison.ratings_by_code() == [("O1", ["M", "S"])]
    drawn = chart(comparison)
    assert len(drawn.series) == 4 and all(len(s.dots) == 2 for s in drawn.series)
    # Faster is lower on the chart (SVG's y grows downwards).
    assert drawn.series[0].dots[1][1] > drawn.series[0].dots[0][1]
    html = client_for(members[Role.COMMANDER]).get(f"/e/{event.slug}/drills/compared/")
    page = html.content.decode()
    assert html.status_code == 200 and "<polyline" in page
    assert 'data-interval="received_triaged">60 / 90<' in page
    assert "Corrective actions closed before the event: 1 of 2." in page
    report = client_for(members[Role.COMMANDER]).get(f"/e/{event.slug}/drills/{second.pk}/report/")
    # The second drill's report shows the first's figures beside its own.
    assert '<td class="num" data-testid="previous">60 / 90</td>' in report.content.decode()


def test_areas_for_improvement_are_added_to_the_next_script_once(
    as_planner: Membership, event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    drill = make_drill(event, state="stopped")
    objective = drill.script.objectives.get()
    evaluation.record_observation(
        as_planner, drill, ObservationData("Gate 2 not told", "improvement", objective.pk)
    )
    evaluation.record_observation(
        as_planner, drill, ObservationData("Radio check late", "improvement")
    )
    nxt = make_script(event, minutes=(0, 5))
    client = client_for(members[Role.PLANNER])
    response = client.post(
        f"/e/{event.slug}/drills/compared/retest/", {"drill": drill.pk, "script": nxt.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/scripts/{nxt.pk}/")
    codes = dict(nxt.objectives.values_list("code", "text"))
    assert codes == {
        "O1": "Dispatch in time",
        "R1": "Re-test: Gate 2 not told",
        "R2": "Re-test: Radio check late",
    }
    # The three injects that tested O1 come along, a minute apart after minute 5.
    copied = list(nxt.injects.filter(objective__code="R1").values_list("offset_seconds", flat=True))
    assert copied == [360, 420, 480]
    assert services.retest_areas(as_planner, drill, nxt) == 0  # pressed twice: nothing more
    ran = make_drill(event, state="stopped")
    with pytest.raises(DomainError) as caught:
        services.retest_areas(as_planner, drill, ran.script)
    assert caught.value.code == "script_in_use"
    with pytest.raises(DomainError) as caught:
        services.retest_areas(as_planner, ran, nxt)
    assert caught.value.code == "no_areas"
