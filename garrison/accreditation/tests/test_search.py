"""Finding people: by a name typed without accents, by reference, by the badge's serial as
printed; a search that finds nobody says so (runs on SQLite and, in CI, PostgreSQL)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.models import Category, CategoryGrant, Person
from garrison.accreditation.people import services as people
from garrison.accreditation.people.names import fold, search_people
from garrison.accreditation.people.services import PersonData
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db


def test_folding_drops_accents_case_and_spacing_and_reads_d_bar_as_d() -> None:
    assert fold("  Nguyễn Văn   THẮNG ") == "nguyen van thang"
    assert fold("Đỗ Đức Đạt") == "do duc dat"
    assert fold("Hà") == fold("Hạ") == "ha"


@pytest.fixture
def thang(officer_m: Membership, delegate: Category) -> Person:
    return people.create_person(
        officer_m, PersonData("Nguyễn Văn Thắng", delegate.pk, "Bộ Công an", ref="DEL-017")
    )


@pytest.fixture
def others(officer_m: Membership, delegate: Category) -> list[Person]:
    return [
        people.create_person(officer_m, PersonData(name, delegate.pk, org))
        for name, org in [("Đỗ Thị Hà", "Sở Y tế"), ("Nguyễn Thị Lan", "Báo Nhân Dân")]
    ]


def _names(event: Event, query: str) -> list[str]:
    found = search_people(Person.objects.filter(event=event), query)
    return sorted(found.values_list("full_name", flat=True))


@pytest.mark.parametrize(
    "query",
    ["nguyen van thang", "NGUYEN VAN THANG", "Nguyễn Văn Thắng", "van  thang", "bo cong an"],
)
def test_a_name_or_organisation_typed_without_accents_finds_the_person(
    event: Event, thang: Person, others: list[Person], query: str
) -> None:
    assert _names(event, query) == ["Nguyễn Văn Thắng"]


def test_unaccented_search_finds_every_accented_spelling(
    event: Event, thang: Person, others: list[Person]
) -> None:
    assert _names(event, "nguyen") == ["Nguyễn Thị Lan", "Nguyễn Văn Thắng"]
    assert _names(event, "do thi ha") == ["Đỗ Thị Hà"]
    assert _names(event, "thang\nbo") == []  # never across the name and the organisation


def test_the_reference_and_the_badge_serial_find_the_person(
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
    thang: Person,
    others: list[Person],
) -> None:
    CategoryGrant.objects.create(
        category=delegate, zone=hall, first_day=hall.event.starts_on, last_day=hall.event.ends_on
    )
    badge = credentials.issue_credential(officer_m, thang)
    credentials.issue_credential(officer_m, others[0])
    assert _names(event, "del-017") == ["Nguyễn Văn Thắng"]
    for typed in (str(badge.serial), f"{badge.serial}·v1", f" {badge.serial} v1 "):
        assert _names(event, typed) == ["Nguyễn Văn Thắng"], typed
    assert _names(event, f"{badge.serial}·v2") == []  # no such version


def test_an_edit_keeps_the_search_name_in_step(
    officer_m: Membership, event: Event, thang: Person, delegate: Category
) -> None:
    people.update_person(officer_m, thang, PersonData("Trần Quốc Tuấn", delegate.pk))
    assert _names(event, "tran quoc tuan") == ["Trần Quốc Tuấn"]
    assert _names(event, "nguyen van thang") == []


def test_the_migration_fills_the_search_name_of_people_accredited_before(
    event: Event, thang: Person
) -> None:
    Person.objects.update(search_name="")
    migration = importlib.import_module("garrison.accreditation.migrations.0006_fill_search_name")
    migration.fill(apps, None)
    assert Person.objects.get().search_name == "nguyen van thang\nbo cong an"


def test_the_list_says_no_match_when_a_search_finds_nobody(
    client_for: Callable[[User], Client], officer: User, event: Event, thang: Person
) -> None:
    client = client_for(officer)
    url = reverse("accreditation:people", kwargs={"event": event.slug})
    found = client.get(url, {"q": "nguyen van thang"}).content.decode()
    assert "Nguyễn Văn Thắng" in found and "No match" not in found
    missing = client.get(url, {"q": "nobody like this"}).content.decode()
    assert "No match" in missing and "Nobody is accredited yet" not in missing
    Person.objects.all().delete()
    empty = client.get(url).content.decode()
    assert "Nobody is accredited yet" in empty and "No match" not in empty
