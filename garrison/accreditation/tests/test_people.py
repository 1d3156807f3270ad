"""People: created, edited and withdrawn by officers; duplicates refused; per-person rights."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.accreditation.categories.services import WindowData
from garrison.accreditation.credentials.rights import effective_rights, validity_span
from garrison.accreditation.models import Category, CategoryGrant, Person, PersonGrant
from garrison.accreditation.people import services as people
from garrison.accreditation.people.services import PersonData
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def test_the_same_person_twice_is_refused(officer_m: Membership, delegate: Category) -> None:
    people.create_person(officer_m, PersonData("Nguyễn Văn  An", delegate.pk, "Tỉnh ủy"))
    with pytest.raises(DomainError) as dup:
        people.create_person(officer_m, PersonData("nguyễn văn an", delegate.pk, "TỈNH ỦY"))
    assert dup.value.code == "duplicate_person"
    # Other diacritics are another name in Vietnamese.
    people.create_person(officer_m, PersonData("Nguyễn Văn Ân", delegate.pk, "Tỉnh ủy"))


def test_a_reference_is_unique_in_the_event(officer_m: Membership, delegate: Category) -> None:
    people.create_person(officer_m, PersonData("A", delegate.pk, ref="017"))
    with pytest.raises(DomainError) as dup:
        people.create_person(officer_m, PersonData("B", delegate.pk, ref="017"))
    assert dup.value.code == "duplicate_ref"


def test_another_events_category_is_refused(officer_m: Membership, other_event: Event) -> None:
    foreign = Category.objects.create(event=other_event, code="F", name="F")
    with pytest.raises(DomainError) as refused:
        people.create_person(officer_m, PersonData("A", foreign.pk))
    assert refused.value.code == "unknown_category"


def test_rights_are_the_category_plus_extras_minus_removals(
    officer_m: Membership, delegate: Category, hall: Zone, press_area: Zone, event: Event
) -> None:
    day = dt.date(2026, 12, 1)
    CategoryGrant.objects.create(
        category=delegate, zone=hall, first_day=day, last_day=day + dt.timedelta(days=2)
    )
    person = people.create_person(officer_m, PersonData("A", delegate.pk))
    people.set_person_grant(
        officer_m, person, press_area.pk, "extra", WindowData(day, day, dt.time(7), dt.time(9))
    )
    rights = effective_rights(delegate.grants.all(), person.grants.all())
    assert set(rights) == {hall.pk, press_area.pk}
    assert rights[press_area.pk].start_minute == 420 and rights[press_area.pk].end_minute == 540
    span = validity_span(rights, event.tzinfo)
    assert span is not None
    assert span[0] == dt.datetime(2026, 12, 1, tzinfo=event.tzinfo)
    assert span[1] == dt.datetime(2026, 12, 4, tzinfo=event.tzinfo)

    people.set_person_grant(officer_m, person, hall.pk, "removal")
    rights = effective_rights(delegate.grants.all(), person.grants.all())
    assert set(rights) == {press_area.pk}
    people.set_person_grant(officer_m, person, hall.pk, None)
    assert not PersonGrant.objects.filter(person=person, zone=hall).exists()


def test_withdrawing_a_person_removes_them(officer_m: Membership, delegate: Category) -> None:
    person = people.create_person(officer_m, PersonData("A", delegate.pk))
    people.delete_person(officer_m, person)
    assert not Person.objects.filter(pk=person.pk).exists()


def test_the_audit_log_names_a_person_by_id_and_an_edit_by_the_fields_it_changed(
    officer_m: Membership, delegate: Category
) -> None:
    person = people.create_person(officer_m, PersonData("Phạm Minh Châu", delegate.pk, "Sở Y tế"))
    people.update_person(
        officer_m, person, PersonData("Phạm Minh Châu", delegate.pk, "Sở Ngoại vụ")
    )
    people.delete_person(officer_m, person)
    entries = Entry.objects.filter(object_type="accreditation.person").order_by("seq")
    assert [e.action.rsplit(".", 1)[1] for e in entries] == ["created", "updated", "deleted"]
    assert {e.object_repr for e in entries} == {f"person #{person.pk}"}
    updated = entries[1]
    assert updated.before == {"category": "DEL", "photo": False}
    assert updated.after == {
        "category": "DEL",
        "photo": False,
        "changed": ["dedupe_key", "organisation", "search_name"],
    }


def test_the_edit_form_starts_from_the_persons_details(
    officer: User, officer_m: Membership, delegate: Category, event: Event, client_for: ClientFor
) -> None:
    person = people.create_person(
        officer_m, PersonData("Phạm Minh Châu", delegate.pk, "Sở Y tế", "Giám đốc", "D-7")
    )
    url = reverse("accreditation:person_edit", kwargs={"event": event.slug, "pk": person.pk})
    form = client_for(officer).get(url).context["form"]
    assert {k: form.initial[k] for k in ("full_name", "organisation", "position", "ref")} == {
        "full_name": "Phạm Minh Châu",
        "organisation": "Sở Y tế",
        "position": "Giám đốc",
        "ref": "D-7",
    }
    assert form.initial["category_id"] == delegate.pk
