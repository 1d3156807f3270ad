"""Force members and qualifications: screens, API, and the values they refuse."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.members import services as member_services
from garrison.forces.models import ForceMember, Qualification, Unit
from garrison.forces.tests.conftest import ClientFor, Tree


def test_planner_adds_a_member_with_qualifications(
    tree: Tree, event: Event, planner: User, client_for: ClientFor
) -> None:
    response = client_for(planner).post(
        reverse("forces:member_create", args=[event.slug]),
        {
            "full_name": "Lê Thị Cúc",
            "rank": "Sergeant",
            "unit_id": tree.team_b.pk,
            "contact": "0903",
            "qualification_ids": [tree.access_control.pk, tree.first_aid.pk],
        },
    )
    assert response.status_code == 302
    member = ForceMember.objects.get(full_name="Lê Thị Cúc")
    assert set(member.qualifications.values_list("code", flat=True)) == {"access", "aid"}
    entry = Entry.objects.get(action="forces.member.created", object_id=str(member.pk))
    assert entry.after is not None
    assert entry.after["qualification_ids"] == sorted([tree.access_control.pk, tree.first_aid.pk])


def test_member_form_without_name_comes_back_with_400(
    tree: Tree, event: Event, planner: User, client_for: ClientFor
) -> None:
    response = client_for(planner).post(
        reverse("forces:member_create", args=[event.slug]), {"unit_id": tree.team_b.pk}
    )
    assert response.status_code == 400
    assert not ForceMember.objects.filter(unit=tree.team_b).exists()


def test_qualification_of_another_event_is_refused(
    tree: Tree, planning: Membership, other_event: Event
) -> None:
    foreign = Qualification.objects.create(event=other_event, code="x", name="X")
    with pytest.raises(DomainError) as caught:
        member_services.create_member(
            planning,
            member_services.MemberData("X", tree.team_a.pk, qualification_ids=[foreign.pk]),
        )
    assert caught.value.field == "qualification_ids"


def test_login_link_must_be_an_event_member_and_unique(
    tree: Tree, planning: Membership, planner: User, outsider: User
) -> None:
    with pytest.raises(DomainError) as caught:
        member_services.create_member(
            planning, member_services.MemberData("X", tree.team_a.pk, user_id=outsider.pk)
        )
    assert caught.value.code == "invalid_user"
    member_services.create_member(
        planning, member_services.MemberData("Me", tree.team_a.pk, user_id=planner.pk)
    )
    with pytest.raises(DomainError) as caught:
        member_services.create_member(
            planning, member_services.MemberData("Me again", tree.team_b.pk, user_id=planner.pk)
        )
    assert caught.value.status == 409


def test_duplicate_qualification_code_is_a_conflict(tree: Tree, planning: Membership) -> None:
    with pytest.raises(DomainError) as caught:
        member_services.create_qualification(
            planning, member_services.QualificationData("ACCESS", "Again")
        )
    assert caught.value.status == 409


def test_member_list_filters_by_qualification(
    tree: Tree, event: Event, viewer: User, client_for: ClientFor
) -> None:
    url = reverse("forces:members", args=[event.slug])
    response = client_for(viewer).get(url, {"qualification": tree.first_aid.pk})
    assert [m.pk for m in response.context["page"].object_list] == [tree.firefighter.pk]
    assert "Trần Văn Bình" in response.content.decode()


def test_unit_page_lists_sub_units_and_members(
    tree: Tree, event: Event, viewer: User, client_for: ClientFor
) -> None:
    response = client_for(viewer).get(reverse("forces:unit", args=[event.slug, tree.police.pk]))
    body = response.content.decode()
    assert "Patrol team A" in body and "Patrol team B" in body
    response = client_for(viewer).get(reverse("forces:unit", args=[event.slug, tree.team_a.pk]))
    assert "Nguyễn Văn An" in response.content.decode()


def test_unit_of_another_event_is_404(
    tree: Tree, event: Event, other_event: Event, planner: User, client_for: ClientFor
) -> None:
    foreign = Unit.objects.create(event=other_event, name="Far", code="FAR", type="police")
    response = client_for(planner).get(reverse("forces:unit", args=[event.slug, foreign.pk]))
    assert response.status_code == 404


def test_api_creates_a_unit_and_refuses_unknown_type(
    tree: Tree, event: Event, planner: User, client_for: ClientFor
) -> None:
    client = client_for(planner)
    url = reverse("api:forces_unit_create", args=[event.slug])
    body = {"name": "Medical team", "code": "MED", "type": "medical", "parent_id": tree.command.pk}
    response = client.post(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201 and response.json()["parent_id"] == tree.command.pk
    response = client.post(
        url, data=json.dumps(body | {"type": "navy", "code": "N"}), content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["field"] == "type"


def test_api_member_list_narrows_to_a_unit(
    tree: Tree, event: Event, viewer: User, client_for: ClientFor
) -> None:
    url = reverse("api:forces_member_list", args=[event.slug])
    response = client_for(viewer).get(url, {"unit_id": tree.fire.pk})
    assert [m["full_name"] for m in response.json()] == ["Trần Văn Bình"]


def test_an_edit_is_audited_by_the_names_of_the_changed_details_and_the_form_shows_them(
    tree: Tree, event: Event, planner: User, planning: Membership, client_for: ClientFor
) -> None:
    member = tree.patrol_a
    data = member_services.MemberData(
        member.full_name, member.unit_id, rank="Major", contact="0912 345 678"
    )
    member_services.update_member(planning, member, data)
    entry = Entry.objects.get(action="forces.member.updated", object_id=str(member.pk))
    assert entry.object_repr == f"member #{member.pk}"
    assert entry.after is not None and entry.after["changed"] == ["contact"]
    assert entry.after["rank"] == "Major" and "0912" not in str(entry.after)
    page = client_for(planner).get(reverse("forces:member_edit", args=[event.slug, member.pk]))
    assert member.full_name in page.content.decode() and "0912 345 678" in page.content.decode()
