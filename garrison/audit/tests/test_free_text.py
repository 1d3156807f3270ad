"""Free text people type (notes, comments, minutes) reaches the audit log as its length only.

The purge may empty that text from its rows (``core.personal.free_text``) but can never rewrite
the chain, so no entry may hold the words (``audit.services.char_counts``). Each service that
takes such text writes one here with a marker; the marker must be in the rows and in no entry.
"""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.events.models import Event, Site
from garrison.forces.tests import conftest as forces_fixtures
from garrison.forces.tests.conftest import MembershipOf, Tree
from garrison.ops.activity import services as activity
from garrison.ops.incidents import services as incidents
from garrison.ops.models import Incident, IncidentTransition, Note, Status, UnitNote
from garrison.ops.tests.factories import incident_type
from garrison.planning.inspections import services as inspections
from garrison.planning.meetings import services as meetings
from garrison.planning.models import (
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    Meeting,
    TaskComment,
)
from garrison.planning.tasks import services as tasks
from garrison.planning.tests.conftest import complete

pytestmark = pytest.mark.django_db

# The forces fixtures (a unit tree, the planner's membership), shared by name.
tree = forces_fixtures.tree
planning = forces_fixtures.planning

MARK = "Zq7-marker-Hoa-0903"


def _entries() -> list[tuple[str, str]]:
    """Every entry as (action, all its columns as JSON)."""
    rows = Entry.objects.order_by("seq").values()
    return [(row["action"], json.dumps(row, default=str, ensure_ascii=False)) for row in rows]


def _after(action: str) -> dict[str, object]:
    after = Entry.objects.filter(action=action).order_by("-seq").values_list("after", flat=True)[0]
    assert isinstance(after, dict)
    return after


def test_no_entry_holds_the_words_of_a_note_a_comment_or_minutes(
    event: Event,
    members: dict[str, User],
    membership_of: MembershipOf,
    planning: Membership,
    planner: User,
    tree: Tree,
) -> None:
    desk = membership_of(members[Role.DUTY_OFFICER], event)
    medical = incident_type(event, "medical")
    incident = incidents.create_incident(
        desk,
        incidents.IncidentData(
            type_id=medical.pk,
            severity=2,
            description=f"Delegate fainted, {MARK} called it in",
            location=incidents.Location(lat=21.03, lon=105.85, text="North gate, lane 3"),
        ),
    )
    note = activity.add_note(desk, incident, f"Spoke to {MARK} at the gate")
    incidents.triage_incident(desk, incident, medical.pk, 2, note=f"Triaged: {MARK}")
    incidents.change_status(desk, incident, Status.RESOLVED, note=f"Resolved with {MARK}")
    unit_note = activity.add_unit_note(desk, tree.team_a, f"Relieved by {MARK}")

    task = tasks.create_task(planning, complete(tree, planner, event), status="open")
    tasks.change_status(planning, task, "in_progress", note=f"Started with {MARK}")
    comment = tasks.add_comment(planning, task, f"Ask {MARK} for the keys")

    data = meetings.MeetingData(
        title="Weekly", held_at=timezone.now(), agenda=f"1. {MARK}", minutes=f"{MARK} spoke"
    )
    meeting = meetings.create_meeting(planning, data)
    data.minutes = f"{MARK} spoke twice"
    meetings.update_meeting(planning, meeting, data)

    inspections.install_standard_templates(planning)
    template = ChecklistTemplate.objects.get(event=event, kind="hotel_survey")
    site = Site.objects.create(event=event, name="Hotel B", kind="hotel", lat=21.0, lon=105.8)
    inspection = inspections.create_inspection(
        planning,
        inspections.InspectionData(
            site_id=site.pk,
            template_id=template.pk,
            inspected_at=timezone.now(),
            notes=f"Met {MARK} at reception",
        ),
    )
    item = inspection.items.all()[0]
    inspections.record_results(planning, inspection, {item.pk: ("fail", f"{MARK} has the key")})

    # The words are in the rows (which the purge may empty) ...
    kept = [
        Incident.objects.get(pk=incident.pk).description,
        Note.objects.get(pk=note.pk).text,
        UnitNote.objects.get(pk=unit_note.pk).text,
        *IncidentTransition.objects.filter(incident=incident).values_list("note", flat=True),
        TaskComment.objects.get(pk=comment.pk).body,
        Meeting.objects.get(pk=meeting.pk).minutes,
        Inspection.objects.get(pk=inspection.pk).notes,
        InspectionItem.objects.get(pk=item.pk).notes,
    ]
    assert sum(MARK in text for text in kept) == 9
    # ... and in no entry of the chain, which says only that they were written, and how long.
    assert [action for action, text in _entries() if MARK.casefold() in text.casefold()] == []
    assert _after("ops.incident.created")["description_chars"] == len(incident.description)
    assert _after("ops.incident.created")["location_text"] == "North gate, lane 3"
    assert _after("ops.incident.note_added") == {"note_chars": len(note.text)}
    assert _after("ops.incident.status_changed")["note_chars"] == len(f"Resolved with {MARK}")
    assert _after("ops.unit.note_added")["note_chars"] == len(unit_note.text)
    assert _after("planning.task.status_changed") == {
        "status": "in_progress",
        "note_chars": len(f"Started with {MARK}"),
    }
    assert _after("planning.task.commented")["body_chars"] == len(comment.body)
    assert _after("planning.meeting.updated")["minutes_chars"] == len(f"{MARK} spoke twice")
    assert _after("planning.meeting.updated")["agenda_chars"] == len(f"1. {MARK}")
    assert _after("planning.inspection.recorded") == {
        "items": {
            str(item.pk): {
                "before": "pending",
                "after": "fail",
                "notes_chars": len(f"{MARK} has the key"),
            }
        }
    }
