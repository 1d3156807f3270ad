"""The risk register: scores on the 5 × 5 scale, mitigation tasks, the heat map and its flags."""

from __future__ import annotations

import pytest
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event, Site
from garrison.forces.tests.conftest import ClientFor, MembershipOf, Tree
from garrison.planning.models import Risk, Task
from garrison.planning.risks import queries
from garrison.planning.risks import services as risks
from garrison.planning.tests.conftest import complete


def _data(**changes: object) -> risks.RiskData:
    values: dict[str, object] = {
        "threat": "Drone over the main hall",
        "likelihood": 3,
        "impact": 5,
        "residual_likelihood": 1,
        "residual_impact": 4,
    }
    values.update(changes)
    return risks.RiskData(**values)  # type: ignore[arg-type]


def _site(event: Event, name: str = "Main hall") -> Site:
    return Site.objects.create(event=event, name=name, kind="venue", lat=21.0, lon=105.8)


def test_a_planner_registers_a_risk_with_mitigation_and_it_is_audited(
    planning: Membership, sweep: Task, event: Event
) -> None:
    site = _site(event)
    risk = risks.create_risk(
        planning, _data(site_id=site.pk, owner_id=planning.user_id, mitigation_ids=[sweep.pk])
    )
    assert (risk.score, risk.residual_score) == (15, 4)
    assert list(risk.mitigations.all()) == [sweep]
    entry = Entry.objects.get(action="planning.risk.created")
    assert entry.after is not None and entry.after["mitigation_ids"] == [sweep.pk]


@pytest.mark.parametrize("field", ["likelihood", "impact", "residual_likelihood"])
@pytest.mark.parametrize("value", [0, 6])
def test_scores_outside_one_to_five_are_refused(
    planning: Membership, field: str, value: int
) -> None:
    with pytest.raises(DomainError) as caught:
        risks.create_risk(planning, _data(**{field: value}))
    assert (caught.value.code, caught.value.field) == ("out_of_scale", field)
    assert not Risk.objects.exists()


def test_another_events_site_or_task_is_refused(planning: Membership, other_event: Event) -> None:
    foreign_site = _site(other_event)
    foreign_task = Task.objects.create(event=other_event, title="Theirs")
    with pytest.raises(DomainError, match="invalid_site"):
        risks.create_risk(planning, _data(site_id=foreign_site.pk))
    with pytest.raises(DomainError, match="invalid_task"):
        risks.create_risk(planning, _data(mitigation_ids=[foreign_task.pk]))
    assert not Risk.objects.exists()


def test_only_the_command_keeps_the_register(
    police_chief: Membership, viewer: User, event: Event, membership_of: MembershipOf
) -> None:
    for membership in (police_chief, membership_of(viewer, event)):
        with pytest.raises(Forbidden):
            risks.create_risk(membership, _data())


def test_heat_map_counts_each_cell_and_flags_unmitigated(
    planning: Membership, sweep: Task, planner: User, event: Event, client_for: ClientFor
) -> None:
    risks.create_risk(planning, _data(threat="A", mitigation_ids=[sweep.pk]))
    risks.create_risk(planning, _data(threat="B"))
    risks.create_risk(planning, _data(threat="C", likelihood=1, impact=1))
    grid = queries.heat_map(queries.risks_of(event))
    counts = {(c.likelihood, c.impact): c.count for row in grid for c in row}
    assert counts[(3, 5)] == 2 and counts[(1, 1)] == 1 and sum(counts.values()) == 3
    assert grid[0][4].level == "extreme" and grid[4][0].level == "low"
    residual = queries.heat_map(queries.risks_of(event), residual=True)
    assert {(c.likelihood, c.impact): c.count for row in residual for c in row}[(1, 4)] == 3

    client = client_for(planner)
    url = reverse("planning:risks", args=[event.slug])
    body = client.get(url).content.decode()
    assert "2 risks have no mitigation task." in body
    assert "?l=3&amp;i=5" in body
    cell = client.get(url, {"l": 3, "i": 5}).context["rows"]
    assert {risk.threat for risk, *_ in cell} == {"A", "B"}
    flagged = client.get(url, {"unmitigated": "1"}).context["rows"]
    assert {risk.threat for risk, *_ in flagged} == {"B", "C"}


def test_a_risk_of_another_event_is_not_found(
    planning: Membership, other_event: Event, planner: User, client_for: ClientFor
) -> None:
    theirs = Risk.objects.create(
        event=other_event,
        threat="Theirs",
        likelihood=1,
        impact=1,
        residual_likelihood=1,
        residual_impact=1,
    )
    response = client_for(planner).get(
        reverse("planning:risk", args=[planning.event.slug, theirs.pk])
    )
    assert response.status_code == 404


def test_a_mitigation_task_is_made_from_the_risk_page(
    tree: Tree, planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    risk = risks.create_risk(planning, _data())
    data = complete(tree, planner, event, title="Jam drones")
    form = {
        "title": data.title,
        "deliverable": data.deliverable,
        "owner_id": planner.pk,
        "unit_id": tree.team_a.pk,
        "deadline": "2026-12-01T07:00",
        "priority": "high",
        "open": "1",
    }
    client = client_for(planner)
    response = client.post(reverse("planning:risk_task", args=[event.slug, risk.pk]), form)
    assert response.status_code == 302
    task = risk.mitigations.get()
    assert (task.title, task.status) == ("Jam drones", "open")


def test_a_bad_form_is_a_400_and_saves_nothing(
    planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    response = client_for(planner).post(
        reverse("planning:risk_create", args=[event.slug]),
        {"threat": "", "likelihood": "9", "impact": "1"},
    )
    assert response.status_code == 400
    assert not Risk.objects.exists()
