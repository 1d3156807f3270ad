"""The roster screens: posts form, progress, print-outs and the member's own schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.forces.models import Assignment, Post
from garrison.forces.posts import services as post_services
from garrison.forces.roster import services as roster_services
from garrison.forces.roster.services.runs import execute_run, start_run
from garrison.forces.tests.conftest import Tree

ClientFor = Callable[[User], Client]


def test_planner_creates_a_post_from_the_form(
    planner: User, planning: Membership, tree: Tree, client_for: ClientFor
) -> None:
    url = reverse("forces:post_create", kwargs={"event": planning.event.slug})
    response = client_for(planner).post(
        url,
        {
            "name": "Duty desk",
            "code": "desk",
            "headcount": 2,
            "skill_ids": [tree.access_control.pk],
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.windows.get().headcount == 2 and post.skills.get().count == 1


def test_a_bad_post_form_is_400_with_the_message(
    planner: User, planning: Membership, tree: Tree, client_for: ClientFor
) -> None:
    url = reverse("forces:post_create", kwargs={"event": planning.event.slug})
    response = client_for(planner).post(
        url, {"name": "Desk", "code": "desk", "headcount": 2, "starts_at": "2020-01-01T00:00"}
    )
    assert response.status_code == 400
    assert "outside the roster" in response.content.decode()


def test_roster_print_outs_and_my_schedule_show_the_shifts(
    planner: User, planning: Membership, tree: Tree, client_for: ClientFor
) -> None:
    rules = roster_services.rules_for(planning.event)
    window = post_services.WindowData(rules.starts_at, rules.starts_at + dt.timedelta(hours=8), 1)
    post = post_services.save_post(
        planning, post_services.PostData("Main-hall door", "door", windows=[window])
    )
    tree.patrol_a.user = planner
    tree.patrol_a.save()
    execute_run(start_run(planning, background=False).pk, workers=2)
    assert Assignment.objects.filter(member=tree.patrol_a).exists() or Assignment.objects.exists()
    client, slug = client_for(planner), planning.event.slug
    page = client.get(reverse("forces:roster_post", kwargs={"event": slug, "pk": post.pk}))
    assert "ICS 204" in page.content.decode()
    shift = Assignment.objects.first()
    assert shift is not None
    assert shift.member.full_name in page.content.decode()
    run = client.get(reverse("forces:roster_run", kwargs={"event": slug})).content.decode()
    assert "100 %" in run
    unit = client.get(
        reverse("forces:roster_unit", kwargs={"event": slug, "pk": shift.member.unit_id})
    )
    assert shift.member.full_name in unit.content.decode()
    mine = client.get(reverse("forces:my_schedule", kwargs={"event": slug}))
    assert mine.status_code == 200
