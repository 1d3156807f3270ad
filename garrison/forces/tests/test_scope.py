"""A unit commander sees and edits only their subtree; everything outside it is 404."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.accounts.scope import unit_scope
from garrison.conftest import make_member
from garrison.core.errors import DomainError, NotFound
from garrison.events.models import Event
from garrison.forces.members import services as member_services
from garrison.forces.models import Unit
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.forces.units import services as unit_services


def test_scope_hook_resolves_the_whole_subtree(tree: Tree, police_chief: Membership) -> None:
    assert unit_scope(police_chief) == frozenset({tree.police.pk, tree.team_a.pk, tree.team_b.pk})


def test_tree_page_shows_only_the_subtree(
    tree: Tree, event: Event, police_commander: User, client_for: ClientFor
) -> None:
    response = client_for(police_commander).get(reverse("forces:tree", args=[event.slug]))

    assert response.status_code == 200
    shown = {unit.pk for unit in response.context["units"]}
    assert shown == {tree.police.pk, tree.team_a.pk, tree.team_b.pk}
    assert "Fire brigade" not in response.content.decode()


@pytest.mark.parametrize("name", ["forces:unit", "forces:unit_edit", "forces:unit_delete"])
def test_units_outside_the_subtree_are_404(
    name: str, tree: Tree, event: Event, police_commander: User, client_for: ClientFor
) -> None:
    client = client_for(police_commander)
    assert client.get(reverse(name, args=[event.slug, tree.fire.pk])).status_code == 404
    assert client.get(reverse(name, args=[event.slug, tree.command.pk])).status_code == 404
    assert client.get(reverse(name, args=[event.slug, tree.team_a.pk])).status_code == 200


def test_members_outside_the_subtree_are_404(
    tree: Tree, event: Event, police_commander: User, client_for: ClientFor
) -> None:
    client = client_for(police_commander)
    outside = reverse("forces:member_edit", args=[event.slug, tree.firefighter.pk])
    inside = reverse("forces:member_edit", args=[event.slug, tree.patrol_a.pk])
    assert client.get(outside).status_code == 404
    assert client.post(outside, {"full_name": "Hijack"}).status_code == 404
    assert client.get(inside).status_code == 200
    listing = client.get(reverse("forces:members", args=[event.slug]))
    assert [m.pk for m in listing.context["page"].object_list] == [tree.patrol_a.pk]


def test_unit_commander_edits_inside_the_subtree(
    tree: Tree, event: Event, police_commander: User, client_for: ClientFor
) -> None:
    client = client_for(police_commander)
    response = client.post(
        reverse("forces:unit_create", args=[event.slug]),
        {"name": "Patrol team C", "code": "PC", "type": "police", "parent_id": tree.police.pk},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="PC").parent_id == tree.police.pk
    response = client.post(
        reverse("forces:member_edit", args=[event.slug, tree.patrol_a.pk]),
        {"full_name": "Nguyễn Văn An", "rank": "Major", "unit_id": tree.team_b.pk},
    )
    assert response.status_code == 302
    tree.patrol_a.refresh_from_db()
    assert tree.patrol_a.unit_id == tree.team_b.pk and tree.patrol_a.rank == "Major"


def test_unit_commander_cannot_reach_outside_by_form_values(
    tree: Tree, police_chief: Membership
) -> None:
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(
            police_chief, unit_services.UnitData("X", "X1", "police", tree.fire.pk)
        )
    assert caught.value.field == "parent_id"
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(police_chief, unit_services.UnitData("Top", "TOP", "police"))
    assert caught.value.field == "parent_id"
    with pytest.raises(DomainError) as caught:
        member_services.create_member(police_chief, member_services.MemberData("X", tree.fire.pk))
    assert caught.value.field == "unit_id"
    with pytest.raises(NotFound):
        unit_services.update_unit(
            police_chief, tree.fire, unit_services.UnitData("Fire", "FIRE", "fire", tree.police.pk)
        )


def test_unit_commander_cannot_move_or_delete_their_own_unit(
    tree: Tree, police_chief: Membership
) -> None:
    data = unit_services.UnitData("Police department", "POL", "police", tree.team_a.pk)
    with pytest.raises(DomainError):
        unit_services.update_unit(police_chief, tree.police, data)
    with pytest.raises(DomainError):
        unit_services.delete_unit(police_chief, tree.police)
    renamed = unit_services.update_unit(
        police_chief,
        tree.police,
        unit_services.UnitData("Police", "POL", "police", tree.command.pk),
    )
    assert renamed.name == "Police"


def test_unit_commander_without_a_unit_cannot_edit(event: Event, tree: Tree) -> None:
    user = make_member(event, Role.UNIT_COMMANDER, username="no-unit")
    membership = Membership.objects.select_related("user", "event").get(user=user)
    with pytest.raises(DomainError) as caught:
        unit_services.create_unit(
            membership, unit_services.UnitData("X", "X", "police", tree.police.pk)
        )
    assert caught.value.status == 403


def test_field_officer_sees_only_their_team(
    tree: Tree, event: Event, client_for: ClientFor
) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="officer-a", unit_id=tree.team_a.pk)
    response = client_for(officer).get(reverse("api:forces_unit_list", args=[event.slug]))
    assert [u["id"] for u in response.json()] == [tree.team_a.pk]
    detail = reverse("api:forces_member_detail", args=[event.slug, tree.firefighter.pk])
    assert client_for(officer).get(detail).status_code == 404


def test_api_write_outside_the_subtree_is_404(
    tree: Tree, event: Event, police_commander: User, client_for: ClientFor
) -> None:
    body = {"name": "Fire", "code": "FIRE", "type": "fire", "parent_id": tree.police.pk}
    response = client_for(police_commander).put(
        reverse("api:forces_unit_update", args=[event.slug, tree.fire.pk]),
        data=json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 404
