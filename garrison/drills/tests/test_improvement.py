"""The improvement plan: corrective actions become planning tasks with the four clears, and the
after-action report (HTML and PDF) carries ratings, observations and the actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import NOW
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.drills.evaluation import services as evaluation
from garrison.drills.evaluation.services import ObservationData
from garrison.drills.improvement import services
from garrison.drills.improvement.services import CorrectiveActionData
from garrison.drills.models import CorrectiveAction, Drill, DrillState
from garrison.drills.tests.factories import make_drill
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.ops.tests.factories import make_unit

ClientFor = Callable[[User], Client]
DEADLINE = NOW + dt.timedelta(days=1)


def _evaluated(event: Event, evaluator: Membership) -> Drill:
    drill = make_drill(event, state=DrillState.STOPPED)
    objective = drill.script.objectives.get()
    evaluation.rate_objective(evaluator, drill, objective.pk, "S", "Two calls went unanswered")
    evaluation.record_observation(
        evaluator, drill, ObservationData("Triage in 40 s on average", "strength", minute=2)
    )
    evaluation.record_observation(
        evaluator,
        drill,
        ObservationData("No one told gate 2 the lane was closed", "improvement", objective.pk, 5),
    )
    return drill


def _action(owner: User, unit: Unit, observation_id: int | None = None) -> CorrectiveActionData:
    return CorrectiveActionData(
        title="Brief gate teams on lane closures",
        deliverable="A one-page closure drill card at every gate",
        owner_id=owner.pk,
        unit_id=unit.pk,
        deadline=DEADLINE,
        observation_id=observation_id,
    )


def test_a_corrective_action_becomes_an_open_task_with_the_four_clears(
    as_planner: Membership, event: Event, members: dict[str, User]
) -> None:
    drill = _evaluated(event, as_planner)
    area = drill.observations.get(kind="improvement")
    unit = make_unit(event)
    owner = members[Role.UNIT_COMMANDER]
    action = services.add_corrective_action(as_planner, drill, _action(owner, unit, area.pk))
    task = action.task
    assert task is not None and task.status == "open" and task.event_id == event.pk
    assert (task.owner_id, task.unit_id, task.deadline) == (owner.pk, unit.pk, DEADLINE)
    assert task.deliverable == "A one-page closure drill card at every gate"
    assert action.objective_id == area.objective_id
    entry = Entry.objects.get(action="drills.corrective_action.added")
    assert entry.after == {"drill": drill.pk, "task": task.pk, "observation": area.pk}
    assert Entry.objects.filter(action="planning.task.created", object_id=str(task.pk)).exists()
    assert LiveEvent.objects.filter(kind="drills.corrective_action.added").count() == 1


def test_an_action_without_its_four_clears_or_of_a_drill_not_run_is_refused(
    as_planner: Membership, event: Event, members: dict[str, User]
) -> None:
    drill = _evaluated(event, as_planner)
    unit = make_unit(event)
    nobody = CorrectiveActionData("Fix it", "Something", None, unit.pk, DEADLINE)
    with pytest.raises(DomainError) as caught:
        services.add_corrective_action(as_planner, drill, nobody)
    assert caught.value.code == "four_clears" and "owner" in str(caught.value.message)
    ready = make_drill(event, state=DrillState.READY)
    with pytest.raises(DomainError) as caught:
        services.add_corrective_action(as_planner, ready, _action(members[Role.PLANNER], unit))
    assert (caught.value.code, caught.value.status) == ("drill_not_run", 409)
    with pytest.raises(DomainError) as caught:
        services.add_corrective_action(as_planner, drill, _action(members[Role.PLANNER], unit, 0))
    assert caught.value.code == "unknown_observation"
    assert not CorrectiveAction.objects.exists()


def test_the_report_shows_ratings_observations_and_actions_and_takes_a_new_one(
    as_planner: Membership,
    event: Event,
    members: dict[str, User],
    client_for: ClientFor,
) -> None:
    drill = _evaluated(event, as_planner)
    unit = make_unit(event)
    client = client_for(members[Role.PLANNER])
    url = f"/e/{event.slug}/drills/{drill.pk}"
    missing = client.post(
        f"{url}/corrective-actions/",
        {"title": "Fix", "deliverable": "x", "unit": unit.pk, "deadline": "2026-12-01T10:00"},
    )
    assert missing.status_code == 400 and "Missing: owner" in missing.content.decode()
    done = client.post(
        f"{url}/corrective-actions/",
        {
            "title": "Brief gate teams on lane closures",
            "deliverable": "A card at every gate",
            "owner": members[Role.UNIT_COMMANDER].pk,
            "unit": unit.pk,
            "deadline": (DEADLINE.astimezone(event.tzinfo)).strftime("%Y-%m-%dT%H:%M"),
            "observation": drill.observations.get(kind="improvement").pk,
        },
    )
    assert done.status_code == 302
    html = client.get(f"{url}/report/").content.decode()
    assert 'rating-S"' in html and "Two calls went unanswered" in html
    strengths = html.split('data-testid="report-strengths"')[1].split("</ul>")[0]
    improvements = html.split('data-testid="report-improvements"')[1].split("</ul>")[0]
    assert "Triage in 40 s" in strengths and "gate 2" not in strengths
    assert "gate 2 the lane was closed" in improvements
    actions = html.split('data-testid="report-actions"')[1].split("</table>")[0]
    assert "Brief gate teams on lane closures" in actions and unit.code in actions


def test_the_report_prints_as_a_pdf_in_vietnamese_or_english(
    as_planner: Membership, event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    drill = _evaluated(event, as_planner)
    services.add_corrective_action(
        as_planner, drill, _action(members[Role.UNIT_COMMANDER], make_unit(event))
    )
    client = client_for(members[Role.DUTY_OFFICER])
    pdfs = {}
    for language in ("vi", "en"):
        response = client.get(f"/e/{event.slug}/drills/{drill.pk}/report.pdf?lang={language}")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert f"-{language}.pdf" in response["Content-Disposition"]
        pdfs[language] = response.content
        assert pdfs[language].startswith(b"%PDF")
    assert pdfs["vi"] != pdfs["en"]
