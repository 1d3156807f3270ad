"""The command tree through the services: paths, moves, cycles, duplicates, audit and live feed."""

from __future__ import annotations

import pytest

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.core.models import LiveEvent
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.forces.tests.conftest import Tree
from garrison.forces.units import services as unit_services
from garrison.forces.units.tree import subtree_ids


def data_of(unit: Unit, **changes: object) -> unit_services.UnitData:
    values = unit_services.unit_summary(unit) | changes
    return unit_services.UnitData(**values)


def test_created_unit_is_audited_and_published(tree: Tree, event: Event) -> None:
    entry = Entry.objects.get(action="forces.unit.created", object_id=str(tree.team_a.pk))
    assert entry.event_id == event.pk
    assert entry.after is not None and entry.after["code"] == "PA"
    live = LiveEvent.objects.filter(kind="forces.unit.created", payload__id=tree.team_a.pk).get()
    assert live.unit_ids == [tree.command.pk, tree.police.pk, tree.team_a.pk]


def test_subtree_holds_the_unit_and_everything_under_it(tree: Tree) -> None:
    assert subtree_ids(tree.police.pk) == {tree.police.pk, tree.team_a.pk, tree.team_b.pk}
    assert subtree_ids(tree.command.pk) == {
        u.pk for u in (tree.command, tree.police, tree.team_a, tree.team_b, tree.fire)
    }
    assert subtree_ids(999_999) == frozenset({999_999})


def test_moving_a_unit_moves_its_subtree(tree: Tree, planning: Membership) -> None:
    unit_services.update_unit(planning, tree.police, data_of(tree.police, parent_id=tree.fire.pk))

    assert subtree_ids(tree.fire.pk) == {
        tree.fire.pk,
        tree.police.pk,
        tree.team_a.pk,
        tree.team_b.pk,
    }
    team_a = Unit.objects.get(pk=tree.team_a.pk)
    assert team_a.path == f"/{tree.command.pk}/{tree.fire.pk}/{tree.police.pk}/{tree.team_a.pk}/"


def test_a_unit_cannot_go_under_its_own_sub_unit(tree: Tree, planning: Membership) -> None:
    with pytest.raises(DomainError) as caught:
        unit_services.update_unit(
            planning, tree.police, data_of(tree.police, parent_id=tree.team_a.pk)
        )
    assert caught.value.code == "cycle"
    with pytest.raises(DomainError):
        unit_services.update_unit(
            planning, tree.police, data_of(tree.police, parent_id=tree.police.pk)
        )


def test_duplicate_code_is_a_conflict(tree: Tree, planning: Membership) -> None:
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(
            planning, unit_services.UnitData("Other", "pa", "police", tree.police.pk)
        )
    assert caught.value.status == 409 and caught.value.field == "code"


def test_parent_of_another_event_is_refused(
    tree: Tree, planning: Membership, other_event: Event
) -> None:
    foreign = Unit.objects.create(event=other_event, name="Far", code="FAR", type="police")
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(planning, unit_services.UnitData("X", "X", "police", foreign.pk))
    assert caught.value.code == "invalid_parent"


def test_unknown_type_and_half_a_point_are_refused(planning: Membership) -> None:
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(planning, unit_services.UnitData("X", "X", "navy"))
    assert caught.value.field == "type"
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(planning, unit_services.UnitData("X", "X", "civil", lat=21.0))
    assert caught.value.code == "invalid_point"


def test_unit_with_members_or_sub_units_is_not_deleted(tree: Tree, planning: Membership) -> None:
    with pytest.raises(DomainError) as caught:
        unit_services.delete_unit(planning, tree.police)
    assert caught.value.status == 409
    unit_services.delete_unit(planning, tree.team_b)
    assert not Unit.objects.filter(pk=tree.team_b.pk).exists()
    assert Entry.objects.filter(action="forces.unit.deleted").count() == 1


def test_viewer_cannot_change_the_tree(tree: Tree, viewer: User, event: Event) -> None:
    viewing = Membership.objects.select_related("user", "event").get(user=viewer, event=event)
    with pytest.raises(Forbidden):
        unit_services.create_unit(viewing, unit_services.UnitData("X", "X", "civil"))
