"""The screens of the roster rules and of members' unavailability, through their services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.forces.models import RosterRules, Unavailability
from garrison.forces.roster import services as roster_services
from garrison.forces.roster.services.data import build_problem
from garrison.forces.tests.conftest import Tree

ClientFor = Callable[[User], Client]
RULES = {
    "min_shift_hours": 3,
    "max_shift_hours": 6,
    "min_rest_hours": 10,
    "max_hours_per_day": 10,
    "time_limit_seconds": 20,
}


def _local(planning: Membership, hour: int, day: int = 0) -> dt.datetime:
    event = planning.event
    return dt.datetime.combine(
        event.starts_on + dt.timedelta(days=day), dt.time(hour), tzinfo=event.tzinfo
    )


def _window(start: dt.datetime, end: dt.datetime, reason: str = "") -> dict[str, str]:
    fmt = "%Y-%m-%dT%H:%M"
    return {"starts_at": start.strftime(fmt), "ends_at": end.strftime(fmt), "reason": reason}


def test_planner_changes_the_roster_rules_and_it_is_audited(
    planner: User, planning: Membership, client_for: ClientFor
) -> None:
    url = reverse("forces:roster_rules", kwargs={"event": planning.event.slug})
    client = client_for(planner)
    assert client.get(url).status_code == 200
    assert client.post(url, RULES).status_code == 302
    rules = RosterRules.objects.get(event=planning.event)
    assert (rules.min_shift_hours, rules.max_shift_hours, rules.min_rest_hours) == (3, 6, 10)
    assert (rules.max_hours_per_day, rules.time_limit_seconds) == (10, 20)
    entry = Entry.objects.get(action="forces.roster_rules.updated")
    assert entry.after is not None and entry.before is not None
    assert entry.after["min_rest_hours"] == 10 and entry.before["min_rest_hours"] == 8


def test_rules_that_do_not_fit_together_are_400_and_change_nothing(
    planner: User, planning: Membership, client_for: ClientFor
) -> None:
    url = reverse("forces:roster_rules", kwargs={"event": planning.event.slug})
    client = client_for(planner)
    response = client.post(url, {**RULES, "min_shift_hours": 9, "max_shift_hours": 6})
    assert response.status_code == 400
    assert "the shortest no longer than the longest" in response.content.decode()
    response = client.post(url, {**RULES, "max_hours_per_day": 4})
    assert response.status_code == 400
    assert "at least the longest shift" in response.content.decode()
    response = client.post(url, {**RULES, "time_limit_seconds": "soon"})
    assert response.status_code == 400
    assert roster_services.rules_for(planning.event).min_shift_hours == 4
    assert not Entry.objects.filter(action="forces.roster_rules.updated").exists()


def test_a_window_of_unavailability_is_added_audited_and_seen_by_the_optimiser(
    planner: User, planning: Membership, tree: Tree, client_for: ClientFor
) -> None:
    member = tree.patrol_a
    url = reverse(
        "forces:member_unavailability", kwargs={"event": planning.event.slug, "pk": member.pk}
    )
    client = client_for(planner)
    response = client.post(url, _window(_local(planning, 8), _local(planning, 12), "Exam"))
    assert response.status_code == 302
    row = Unavailability.objects.get(member=member)
    assert row.reason == "Exam" and row.ends_at - row.starts_at == dt.timedelta(hours=4)
    assert Entry.objects.filter(action="forces.unavailability.added").count() == 1
    page = client.get(url).content.decode()
    assert "Exam" in page
    problem = build_problem(planning.event)
    mine = next(m for m in problem.members if m.id == member.pk)
    assert mine.unavailable == frozenset(range(8, 12))

    delete = reverse(
        "forces:unavailability_delete",
        kwargs={"event": planning.event.slug, "pk": member.pk, "window": row.pk},
    )
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not Unavailability.objects.exists()
    assert Entry.objects.filter(action="forces.unavailability.removed").count() == 1


def test_bad_windows_are_400_with_a_clear_message_and_nothing_saved(
    planner: User, planning: Membership, tree: Tree, client_for: ClientFor
) -> None:
    member = tree.patrol_a
    url = reverse(
        "forces:member_unavailability", kwargs={"event": planning.event.slug, "pk": member.pk}
    )
    client = client_for(planner)

    def post(start: dt.datetime, end: dt.datetime) -> str:
        response = client.post(url, _window(start, end))
        assert response.status_code == 400
        return response.content.decode()

    assert "must end after it starts" in post(_local(planning, 12), _local(planning, 8))
    assert "outside the roster" in post(_local(planning, 8, -400), _local(planning, 9, -400))
    assert "at most 60 days" in post(_local(planning, 8), _local(planning, 8, 90))
    assert client.post(url, {"starts_at": "tomorrow"}).status_code == 400
    assert not Unavailability.objects.exists()
    ok = client.post(url, _window(_local(planning, 8), _local(planning, 12)))
    assert ok.status_code == 302
    assert "overlaps another window" in post(_local(planning, 10), _local(planning, 14))
    assert Unavailability.objects.count() == 1


def test_a_unit_commander_edits_windows_only_inside_their_subtree(
    police_commander: User, tree: Tree, client_for: ClientFor, planning: Membership
) -> None:
    client = client_for(police_commander)
    slug = planning.event.slug
    inside = reverse("forces:member_unavailability", kwargs={"event": slug, "pk": tree.patrol_a.pk})
    outside = reverse(
        "forces:member_unavailability", kwargs={"event": slug, "pk": tree.firefighter.pk}
    )
    assert client.get(inside).status_code == 200
    assert client.get(outside).status_code == 404
