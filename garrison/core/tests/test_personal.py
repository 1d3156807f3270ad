"""The register of personal fields: every app's declarations are loaded at start-up, a field of
a kind the check and the purge do not know is refused, and edits are described by field names."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from garrison.accounts.models import Device
from garrison.accreditation.models import Category, ImportBatch, Person
from garrison.core import personal
from garrison.events.models import Event
from garrison.ops.models import Incident


def test_every_apps_declarations_are_loaded_at_start_up() -> None:
    declared = {d.label: set(d.field_names()) for d in personal.declarations()}
    assert declared["accreditation.person"] >= {"full_name", "organisation", "photo"}
    assert declared["forces.forcemember"] == {"full_name", "contact"}
    assert declared["ops.incident"] == {"contact"}
    assert declared["ops.incidentphoto"] >= {"data"}
    assert declared["accounts.user"] >= {"full_name", "email"}
    assert declared["accounts.device"] == {"name"}
    assert declared["checkin.enrolment"] == {"name"}
    assert declared["planning.meeting"] == {"other_attendees"}
    assert personal.declaration_for("accreditation.person") == personal.declaration_of(Person)


def test_a_field_of_an_unknown_kind_or_json_without_keys_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="DateTimeField"):
        personal.declare(Person, fields=["created"])
    with pytest.raises(ImproperlyConfigured, match="json_keys"):
        personal.declare(ImportBatch, fields=["rows"])
    with pytest.raises(ImproperlyConfigured, match="shared"):
        personal.declare(Device, fields=["name"], shared=["token_prefix"])
    with pytest.raises(ImproperlyConfigured, match="twice"):
        personal.declare(Device, fields=["name", "token_prefix"])


@pytest.mark.django_db
def test_rows_whose_str_is_personal_get_a_pseudonym(event: Event) -> None:
    category = Category.objects.create(event=event, code="DEL", name="Delegate")
    person = Person.objects.create(event=event, category=category, full_name="Hà", dedupe_key="")
    assert personal.pseudonym(person) == f"person #{person.pk}"
    assert personal.pseudonym(Incident(pk=3)) is None  # its str() is its reference and type
    assert personal.pseudonym(category) is None  # nothing declared


def test_an_edit_is_described_by_the_names_of_the_fields_it_changed() -> None:
    person = Person(full_name="Hà", organisation="Sở Y tế", position="Delegate")
    before = personal.snapshot(person)
    person.organisation, person.position = "Sở Ngoại vụ", "Delegate"
    assert personal.changed(before, person) == ["organisation"]


def test_a_number_must_be_nullable_and_free_text_must_be_text() -> None:
    from garrison.patrols.models import Point

    declared = {d.label: dict(d.fields) for d in personal.declarations()}
    assert declared["patrols.visit"] == {"lat": "number", "lon": "number", "accuracy_m": "number"}
    with pytest.raises(ImproperlyConfigured, match="nullable"):
        personal.declare(Point, fields=["lat"])  # a plaque's place is not anyone's position
    with pytest.raises(ImproperlyConfigured, match="must be a text field"):
        personal.free_text(Incident, fields=["lat"])
    texts = {t.label: t.fields for t in personal.free_texts()}
    assert texts["ops.incident"] == ("description",)
    assert texts["planning.taskcomment"] == ("body",)
