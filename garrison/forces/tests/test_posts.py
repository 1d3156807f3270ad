"""Posts, hand edits held to the roster rules, and a solved run saved as assignments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from garrison.accounts.models import Membership
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.members import services as member_services
from garrison.forces.models import Assignment, Post, RosterRun, RunStatus
from garrison.forces.posts import services as post_services
from garrison.forces.roster import services as roster_services
from garrison.forces.roster.services.runs import execute_run, start_run
from garrison.forces.tests.conftest import Tree


def _door(planning: Membership, tree: Tree, headcount: int = 1) -> Post:
    rules = roster_services.rules_for(planning.event)
    window = post_services.WindowData(
        rules.starts_at, rules.starts_at + dt.timedelta(hours=24), headcount
    )
    data = post_services.PostData(
        "Main-hall door", "door", windows=[window], skills={tree.access_control.pk: 1}
    )
    return post_services.save_post(planning, data)


@pytest.fixture
def crew(planning: Membership, tree: Tree) -> None:
    for i in range(5):
        member_services.create_member(
            planning,
            member_services.MemberData(
                f"Guard {i}", tree.team_a.pk, qualification_ids=[tree.access_control.pk]
            ),
        )


def test_a_post_is_saved_with_its_windows_and_skills_and_audited(
    planning: Membership, tree: Tree
) -> None:
    post = _door(planning, tree, headcount=4)
    assert post.code == "DOOR"
    assert [w.headcount for w in post.windows.all()] == [4]
    assert post.skills.get().qualification == tree.access_control
    assert Entry.objects.filter(action="forces.post.created").count() == 1


def test_a_post_needing_a_qualification_nobody_has_is_refused(
    planning: Membership, tree: Tree
) -> None:
    k9 = member_services.create_qualification(
        planning, member_services.QualificationData("k9", "K9")
    )
    rules = roster_services.rules_for(planning.event)
    data = post_services.PostData(
        "Dog post",
        "dog",
        windows=[post_services.WindowData(rules.starts_at, rules.ends_at, 1)],
        skills={k9.pk: 1},
    )
    with pytest.raises(DomainError) as error:
        post_services.save_post(planning, data)
    assert error.value.code == "nobody_qualified"
    assert not Post.objects.exists()


def test_a_window_outside_the_roster_is_refused(planning: Membership, tree: Tree) -> None:
    rules = roster_services.rules_for(planning.event)
    early = rules.starts_at - dt.timedelta(hours=2)
    data = post_services.PostData(
        "Desk", "desk", windows=[post_services.WindowData(early, rules.ends_at, 2)]
    )
    with pytest.raises(DomainError) as error:
        post_services.save_post(planning, data)
    assert error.value.code == "outside_roster"


def test_a_hand_edit_that_puts_a_member_in_two_places_is_refused(
    planning: Membership, tree: Tree
) -> None:
    post = _door(planning, tree)
    desk = post_services.save_post(
        planning,
        post_services.PostData(
            "Desk", "desk", windows=[post_services.WindowData(*_day(planning.event), 1)]
        ),
    )
    start = roster_services.rules_for(planning.event).starts_at + dt.timedelta(hours=8)
    roster_services.assign(planning, post, tree.patrol_a, start, start + dt.timedelta(hours=6))
    with pytest.raises(DomainError) as error:
        roster_services.assign(
            planning,
            desk,
            tree.patrol_a,
            start + dt.timedelta(hours=2),
            start + dt.timedelta(hours=6),
        )
    assert error.value.code == "two_places"
    with pytest.raises(DomainError) as error:
        roster_services.assign(
            planning,
            desk,
            tree.patrol_a,
            start + dt.timedelta(hours=8),
            start + dt.timedelta(hours=12),
        )
    assert error.value.code == "rest_too_short"
    assert Assignment.objects.count() == 1


def _day(event: Event) -> tuple[dt.datetime, dt.datetime]:
    rules = roster_services.rules_for(event)
    return rules.starts_at, rules.starts_at + dt.timedelta(hours=24)


@pytest.mark.usefixtures("crew")
def test_a_run_solves_saves_and_keeps_pins(planning: Membership, tree: Tree) -> None:
    post = _door(planning, tree, headcount=1)
    start = roster_services.rules_for(planning.event).starts_at
    pin = roster_services.assign(
        planning, post, tree.patrol_a, start + dt.timedelta(hours=8), start + dt.timedelta(hours=12)
    )
    run = start_run(planning, background=False)
    run = execute_run(run.pk, workers=2)
    assert run.status == RunStatus.DONE, run.report
    assert run.coverage == 1.0 and run.objective is not None and run.bound is not None
    hours = sum((a.ends_at - a.starts_at).total_seconds() / 3600 for a in Assignment.objects.all())
    assert hours == 24
    assert Assignment.objects.filter(pk=pin.pk, pinned=True).exists()
    assert Entry.objects.filter(action="forces.roster.solved").exists()


def test_only_one_run_at_a_time(planning: Membership, tree: Tree) -> None:
    start_run(planning, background=False)
    with pytest.raises(DomainError) as error:
        start_run(planning, background=False)
    assert error.value.status == 409


@pytest.mark.usefixtures("crew")
def test_solve_roster_command_prints_coverage_objective_bound_and_time(
    planning: Membership, tree: Tree, capsys: pytest.CaptureFixture[str]
) -> None:
    _door(planning, tree)
    call_command("solve_roster", planning.event.slug, "--time-limit", "2", "--workers", "2")
    out = capsys.readouterr().out
    for word in ("coverage:   100.0 %", "objective:", "bound:", "time:"):
        assert word in out
    assert RosterRun.objects.get().status == RunStatus.DONE
