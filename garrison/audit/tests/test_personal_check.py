"""The suite's check that audit entries carry no personal data finds what it must, and only that.

Each test here writes an entry that does carry a declared value, asks the check, then deletes
the row the value belongs to: the check reads the rows that exist, so the suite's own check
after the test (``garrison/conftest.py``) passes again. The audit entry cannot be deleted.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from garrison.accounts.models import User
from garrison.accreditation.models import Category, ImportBatch, Person
from garrison.accreditation.tests.images import jpeg
from garrison.audit.services import SYSTEM, char_counts, record
from garrison.audit.tests.personal_check import check_audit_log, find_personal_data
from garrison.core.images import clean_photo
from garrison.core.personal import REMOVED
from garrison.events.models import Event
from garrison.forces.models import ForceMember, Unit
from garrison.planning.models import Meeting

pytestmark = pytest.mark.django_db

NAME = "Trần Thị Bích Ngọc"


def write(**fields: Any) -> None:
    with transaction.atomic():
        record(SYSTEM, "test.thing.changed", event_id=None, object_type="test.thing", **fields)


def person(event: Event, **fields: Any) -> Person:
    category = Category.objects.create(event=event, code="DEL", name="Delegate")
    return Person.objects.create(
        event=event, category=category, full_name=NAME, dedupe_key="k", **fields
    )


def found() -> set[tuple[str, str]]:
    return {(hit.action, hit.field) for hit in find_personal_data()}


def test_a_name_in_a_payload_is_reported_with_the_entry_and_the_field(event: Event) -> None:
    row = person(event)
    write(after={"attendees": [{"who": f"Mrs {NAME}, delegate"}]})
    assert found() == {("test.thing.changed", "accreditation.person.full_name")}
    with pytest.raises(AssertionError) as failed:
        check_audit_log()
    assert "test.thing.changed" in str(failed.value)
    assert f"accreditation.person.full_name of row {row.pk}" in str(failed.value)
    row.delete()
    assert found() == set()


def test_a_name_as_the_object_in_capitals_is_reported(event: Event) -> None:
    row = person(event)
    write(object_repr=NAME.upper())
    assert found() == {("test.thing.changed", "accreditation.person.full_name")}
    row.delete()


def test_a_members_phone_number_and_organisation_are_reported(event: Event) -> None:
    unit = Unit.objects.create(event=event, name="Team A", code="A", type="police")
    member = ForceMember.objects.create(event=event, unit=unit, full_name="Lê Cúc", contact="0903")
    row = person(event, organisation="Sở Ngoại vụ")
    write(before={"reach": "call 0903 first"}, after={"org": "Sở Ngoại vụ"})
    assert found() == {
        ("test.thing.changed", "forces.forcemember.contact"),
        ("test.thing.changed", "accreditation.person.organisation"),
    }
    member.delete()
    row.delete()


@pytest.mark.parametrize(
    "form",
    [
        lambda data, digest: digest[:12],  # a digest's prefix "names" the picture
        lambda data, digest: data,  # bytes: jsonable makes a b'...' literal of them
        lambda data, digest: base64.b64encode(data).decode(),
        lambda data, digest: data.hex(),
    ],
    ids=["digest", "bytes", "base64", "hex"],
)
def test_a_photo_in_any_form_is_reported(event: Event, form: Any) -> None:
    data, digest = clean_photo(jpeg(), "face.jpg")
    row = person(event, photo=data, photo_sha256=digest)
    write(after={"photo": form(data, digest)})
    assert ("test.thing.changed", "accreditation.person.photo") in found()
    row.delete()


def test_names_in_an_imports_rows_are_reported_but_not_its_column_names(
    event: Event, commander: User
) -> None:
    batch = ImportBatch.objects.create(
        event=event,
        created_by=commander,
        filename="delegates.csv",
        rows=[{"full_name": NAME, "organisation": "", "category_id": 1234567}],
    )
    write(after={"changed": ["full_name", "organisation"], "category_id": 1234567})
    assert found() == set()
    write(after={"file": "delegates.csv", "first": NAME})
    assert found() == {
        ("test.thing.changed", "accreditation.importbatch.filename"),
        ("test.thing.changed", "accreditation.importbatch.rows"),
    }
    batch.delete()


def test_ids_field_names_and_shared_titles_are_not_reported(event: Event) -> None:
    row = person(event, position="Delegate", ref="D-0042")
    write(
        object_repr=f"person #{row.pk}",
        after={"category": "DEL", "changed": ["full_name"], "title": "Delegate"},
    )
    assert found() == set()
    write(after={"ref": "D-0042"})
    assert found() == {("test.thing.changed", "accreditation.person.ref")}
    row.delete()


def test_short_values_are_not_searched(event: Event) -> None:
    # "An" is a whole Vietnamese name, and a part of countless words.
    row = person(event)
    Person.objects.filter(pk=row.pk).update(full_name="An")
    write(after={"note": "An ambulance came"})
    assert found() == set()


def test_free_text_copied_word_for_word_is_reported_but_not_its_length(event: Event) -> None:
    minutes = "Mr Hoa at no. 12 called about the back gate"
    meeting = Meeting.objects.create(
        event=event, title="Daily brief", held_at=timezone.now(), minutes=minutes
    )
    write(after={"title": "Daily brief", **char_counts(minutes=minutes)})
    assert found() == set()
    write(after={"minutes": f"Minutes: {minutes}."})
    assert found() == {("test.thing.changed", "planning.meeting.minutes")}
    meeting.delete()


def test_short_or_purged_free_text_and_a_kept_deliverable_are_not_reported(event: Event) -> None:
    meeting = Meeting.objects.create(
        event=event, title="Daily brief", held_at=timezone.now(), minutes="Gate B ok"
    )
    write(after={"note": "Gate B ok, all quiet"})
    Meeting.objects.filter(pk=meeting.pk).update(minutes=REMOVED)
    write(after={"note": f"text {REMOVED}"})
    Meeting.objects.filter(pk=meeting.pk).update(minutes="Floor 5 has no door")
    write(after={"deliverable": "Floor 5 has no door\n\nFixed when inspected again."})
    assert found() == set()
    meeting.delete()
