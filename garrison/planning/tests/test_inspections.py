"""Inspections: editable checklists, results per item, and failed items → tasks in one click."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, User
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event, Site
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.planning.inspections import services as inspections
from garrison.planning.models import ChecklistTemplate, Inspection, InspectionItem, Task


def _site(event: Event) -> Site:
    return Site.objects.create(event=event, name="Hotel B", kind="hotel", lat=21.0, lon=105.8)


def _inspect(
    membership: Membership, event: Event, unit_id: int | None, inspector: User | None
) -> Inspection:
    inspections.install_standard_templates(membership)
    template = ChecklistTemplate.objects.get(event=event, kind="hotel_survey")
    return inspections.create_inspection(
        membership,
        inspections.InspectionData(
            site_id=_site(event).pk,
            template_id=template.pk,
            inspected_at=timezone.now(),
            inspector_id=inspector.pk if inspector else None,
            unit_id=unit_id,
        ),
    )


def test_the_standard_checklists_install_once(planning: Membership, event: Event) -> None:
    assert inspections.install_standard_templates(planning) == 4
    assert inspections.install_standard_templates(planning) == 0
    kinds = set(ChecklistTemplate.objects.filter(event=event).values_list("kind", flat=True))
    assert kinds == {"fire_safety", "hotel_survey", "parking", "kitchen"}


def test_editing_a_checklist_leaves_past_inspections_alone(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    inspection = _inspect(planning, event, tree.team_a.pk, planner)
    template = inspection.template
    assert template is not None
    before = list(inspection.items.values_list("text", flat=True))
    inspections.save_template(
        planning, inspections.TemplateData(template.name, template.kind, ["Only this"]), template
    )
    assert list(inspection.items.values_list("text", flat=True)) == before
    assert ChecklistTemplate.objects.get(pk=template.pk).items == ["Only this"]


def test_a_checklist_needs_items_and_a_known_kind(planning: Membership) -> None:
    with pytest.raises(DomainError, match="no_items"):
        inspections.save_template(planning, inspections.TemplateData("X", "other", ["  "]))
    with pytest.raises(DomainError, match="invalid_choice"):
        inspections.save_template(planning, inspections.TemplateData("X", "bogus", ["a"]))


def test_a_failed_item_becomes_an_open_task_in_one_click(
    tree: Tree, planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    inspection = _inspect(planning, event, tree.team_a.pk, planner)
    first, second, *_ = inspection.items.all()
    client = client_for(planner)
    results = reverse("planning:inspection_results", args=[event.slug, inspection.pk])
    client.post(
        results,
        {
            f"result-{first.pk}": "fail",
            f"notes-{first.pk}": "Floor 5 has no door",
            f"result-{second.pk}": "pass",
        },
    )
    first.refresh_from_db()
    assert (first.result, first.notes) == ("fail", "Floor 5 has no door")

    url = reverse("planning:inspection_item_task", args=[event.slug, inspection.pk, first.pk])
    assert client.post(url).status_code == 302
    task = Task.objects.get()
    assert task.status == "open" and task.missing_clears() == []
    assert (task.unit_id, task.owner_id, task.site_id) == (
        tree.team_a.pk,
        planner.pk,
        inspection.site_id,
    )
    # The inspector's notes come along as the task's first comment, which the purge of free
    # text reaches; the deliverable, part of the plan the purge keeps, does not carry them.
    assert [c.body for c in task.comments.all()] == ["Floor 5 has no door"]
    assert "Floor 5" not in task.deliverable and task.deliverable
    client.post(url)  # a second click makes no second task
    assert Task.objects.count() == 1
    passed = reverse("planning:inspection_item_task", args=[event.slug, inspection.pk, second.pk])
    client.post(passed)
    assert Task.objects.count() == 1


def test_without_a_unit_the_task_is_a_draft_to_finish(
    planning: Membership, planner: User, event: Event
) -> None:
    inspection = _inspect(planning, event, None, None)
    item = inspection.items.first()
    assert item is not None
    inspections.record_results(planning, inspection, {item.pk: ("fail", "")})
    task = inspections.task_for_item(planning, inspection, item.pk)
    assert task.status == "draft" and set(task.missing_clears()) == {"owner", "unit"}


def test_a_unit_commander_records_only_their_subtrees_inspections(
    tree: Tree, planning: Membership, police_chief: Membership, planner: User, event: Event
) -> None:
    ours = _inspect(planning, event, tree.team_b.pk, planner)
    theirs = inspections.create_inspection(
        planning,
        inspections.InspectionData(
            site_id=ours.site_id or 0,
            template_id=ours.template_id or 0,
            inspected_at=timezone.now(),
            unit_id=tree.fire.pk,
        ),
    )
    item = ours.items.first()
    assert item is not None
    assert inspections.record_results(police_chief, ours, {item.pk: ("pass", "")}) == 1
    other = theirs.items.first()
    assert other is not None
    with pytest.raises(Forbidden):
        inspections.record_results(police_chief, theirs, {other.pk: ("pass", "")})


def test_bad_results_are_refused_and_nothing_is_saved(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    inspection = _inspect(planning, event, tree.team_a.pk, planner)
    a, b, *_ = inspection.items.all()
    with pytest.raises(DomainError, match="invalid_choice"):
        inspections.record_results(planning, inspection, {a.pk: ("pass", ""), b.pk: ("maybe", "")})
    assert not InspectionItem.objects.exclude(result="pending").exists()


def test_an_inspection_of_another_event_is_not_found(
    planning: Membership, other_event: Event, planner: User, client_for: ClientFor
) -> None:
    theirs = Inspection.objects.create(
        event=other_event, site=_site(other_event), title="Theirs", inspected_at=timezone.now()
    )
    url = reverse("planning:inspection", args=[planning.event.slug, theirs.pk])
    assert client_for(planner).get(url).status_code == 404
