"""Meetings: minutes, decisions that become tasks with the four clears, and the review."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, MembershipOf, Tree
from garrison.planning.meetings import queries
from garrison.planning.meetings import services as meetings
from garrison.planning.models import Decision, Meeting, Task
from garrison.planning.tasks import services
from garrison.planning.tests.conftest import at, complete


def _meeting(planning: Membership, when: dt.datetime, title: str = "Weekly") -> Meeting:
    return meetings.create_meeting(
        planning,
        meetings.MeetingData(
            title=title,
            held_at=when,
            agenda="1. Doors\n2. Traffic",
            attendee_ids=[planning.user_id],
        ),
    )


def test_a_past_meeting_keeps_a_snapshot_of_the_plan(planning: Membership, sweep: Task) -> None:
    meeting = _meeting(planning, timezone.now() - dt.timedelta(hours=1))
    assert meeting.snapshot == {"tasks": {str(sweep.pk): "open"}}
    assert list(meeting.attendees.all()) == [planning.user]


def test_a_meeting_outside_the_event_or_with_outsiders_is_refused(
    planning: Membership, event: Event, outsider: User
) -> None:
    with pytest.raises(DomainError, match="outside_event"):
        _meeting(planning, at(event, 1).replace(year=2030))
    with pytest.raises(DomainError, match="invalid_attendee"):
        meetings.create_meeting(
            planning,
            meetings.MeetingData("X", timezone.now(), attendee_ids=[outsider.pk]),
        )
    assert not Meeting.objects.exists()


def test_a_decision_becomes_an_open_task_with_the_four_clears(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    meeting = _meeting(planning, timezone.now())
    data = complete(tree, planner, event, title="Add a second scanner")
    decision = meetings.record_decision(planning, meeting, "Two scanners at door A", data)
    assert decision.task is not None
    assert (decision.task.title, decision.task.status) == ("Add a second scanner", "open")


def test_a_decision_without_an_owner_saves_neither_decision_nor_task(
    tree: Tree, planning: Membership, planner: User, event: Event
) -> None:
    meeting = _meeting(planning, timezone.now())
    data = complete(tree, planner, event, owner_id=None)
    with pytest.raises(DomainError, match="four_clears"):
        meetings.record_decision(planning, meeting, "Someone should do it", data)
    assert not Decision.objects.exists() and not Task.objects.exists()


def test_only_the_command_records_meetings(
    police_chief: Membership, viewer: User, event: Event, membership_of: MembershipOf
) -> None:
    for membership in (police_chief, membership_of(viewer, event)):
        with pytest.raises(Forbidden):
            _meeting(membership, timezone.now())


def test_the_next_meeting_shows_what_changed_since_the_previous(
    tree: Tree, planning: Membership, planner: User, event: Event, sweep: Task
) -> None:
    first = _meeting(planning, timezone.now() - dt.timedelta(days=7), "First")
    services.change_status(planning, sweep, "done")
    added = services.create_task(planning, complete(tree, planner, event, title="New"))
    second = _meeting(planning, timezone.now() - dt.timedelta(minutes=5), "Second")
    services.change_status(planning, added, "open")  # after the second: not in its review

    review = queries.review(planning, second)
    assert review.previous == first and not review.live
    assert {(c.task.title, c.before, c.after) for c in review.changes} == {
        ("Sweep the main hall", "open", "done"),
        ("New", None, "draft"),
    }
    assert review.finished == 1
    counts = {label: (then, now) for label, then, now in review.counts}
    assert counts["Open"] == (1, 0) and counts["Done"] == (0, 1)


def test_a_unit_commander_reviews_only_the_tasks_they_see(
    tree: Tree, planning: Membership, planner: User, event: Event, police_chief: Membership
) -> None:
    theirs = services.create_task(
        planning, complete(tree, planner, event, unit_id=tree.team_b.pk), status="open"
    )
    hidden = services.create_task(
        planning,
        complete(tree, planner, event, title="Fire", unit_id=tree.fire.pk),
        status="open",
    )
    _meeting(planning, timezone.now() - dt.timedelta(days=2), "First")
    services.change_status(planning, theirs, "in_progress")
    services.change_status(planning, hidden, "in_progress")
    second = _meeting(planning, timezone.now(), "Second")
    titles = {c.task.title for c in queries.review(police_chief, second).changes}
    assert titles == {"Sweep the main hall"}


def test_recording_a_decision_from_the_meeting_page(
    tree: Tree, planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    meeting = _meeting(planning, timezone.now())
    url = reverse("planning:meeting_decision", args=[event.slug, meeting.pk])
    client = client_for(planner)
    form = {
        "decision": "Close the east gate at night",
        "title": "Close the east gate",
        "deliverable": "Gate locked 22:00–06:00",
        "owner_id": planner.pk,
        "unit_id": tree.team_a.pk,
        "deadline": "2026-12-01T07:00",
        "priority": "high",
    }
    missing = client.post(url, {**form, "unit_id": ""})
    assert missing.status_code == 400 and not Task.objects.exists()
    assert client.post(url, form).status_code == 302
    page = client.get(reverse("planning:meeting", args=[event.slug, meeting.pk]))
    assert "Close the east gate" in page.content.decode()


def test_a_meeting_of_another_event_is_not_found(
    planning: Membership, other_event: Event, planner: User, client_for: ClientFor
) -> None:
    theirs = Meeting.objects.create(event=other_event, title="Theirs", held_at=timezone.now())
    url = reverse("planning:meeting", args=[planning.event.slug, theirs.pk])
    assert client_for(planner).get(url).status_code == 404


def test_other_attendees_stay_out_of_the_audit_log_but_in_the_edit_form(
    planning: Membership, planner: User, event: Event, client_for: ClientFor
) -> None:
    meeting = _meeting(planning, timezone.now())
    data = meetings.MeetingData(
        title="Weekly", held_at=meeting.held_at, other_attendees="Mr Hoàng Văn Thái (hotel)"
    )
    meetings.update_meeting(planning, meeting, data)
    entry = Entry.objects.get(action="planning.meeting.updated")
    assert entry.after is not None and entry.after["changed"] == ["other_attendees"]
    assert "Hoàng" not in str(entry.after)
    page = client_for(planner).get(reverse("planning:meeting_edit", args=[event.slug, meeting.pk]))
    assert "Mr Hoàng Văn Thái (hotel)" in page.content.decode()
