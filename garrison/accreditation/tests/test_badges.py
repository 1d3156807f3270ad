"""Badge PDFs: one badge or a batch, A6 or CR80, with name, zones and the signed QR."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from garrison.accounts.models import Membership, User
from garrison.accreditation.badges import pdf as badges
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.models import Category, CategoryGrant, Credential
from garrison.accreditation.people import services as people
from garrison.accreditation.people.services import PersonData
from garrison.accreditation.tests.images import jpeg
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(
    officer_m: Membership, delegate: Category, hall: Zone, press_area: Zone
) -> list[Credential]:
    for zone in (hall, press_area):
        CategoryGrant.objects.create(
            category=delegate,
            zone=zone,
            first_day=zone.event.starts_on,
            last_day=zone.event.ends_on,
        )
    first = people.create_person(
        officer_m, PersonData("Nguyễn Thị Phương Thảo", delegate.pk, "Đảng bộ quận Ba Đình")
    )
    people.set_photo(officer_m, first, jpeg(), "a.jpg")
    second = people.create_person(officer_m, PersonData("Lê Văn Bình", delegate.pk))
    return [credentials.issue_credential(officer_m, p) for p in (first, second)]


@pytest.mark.parametrize(("layout", "size"), [("a6", (105, 148)), ("cr80", (85.6, 54))])
def test_each_badge_is_a_page_of_the_layouts_size(
    event: Event, issued: list[Credential], layout: str, size: tuple[float, float]
) -> None:
    reader = PdfReader(io.BytesIO(badges.render(event, badges.printable(event), layout)))
    assert len(reader.pages) == 2
    box = reader.pages[0].mediabox
    mm = 72 / 25.4
    assert (round(float(box.width) / mm, 1), round(float(box.height) / mm, 1)) == size
    text = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    assert "Nguyễn" in text and "Thảo" in text and "Đảng bộ quận Ba Đình" in text
    assert "HALL PRESS" in text and "No photo" in text  # the second holder has none


@pytest.mark.parametrize("layout", ["a6", "cr80"])
def test_each_badge_prints_its_first_and_last_day_and_its_short_serial(
    event: Event, issued: list[Credential], layout: str
) -> None:
    reader = PdfReader(io.BytesIO(badges.render(event, issued, layout)))
    for page, credential in zip(reader.pages, issued, strict=True):
        text = page.extract_text()
        # Granted 1 to 3 December in the event's time zone: day first, the last day included.
        assert "Valid 01/12/2026 to 03/12/2026" in text
        assert f"{credential.serial}·v{credential.version}" in text


def test_the_validity_days_are_the_event_time_zones(event: Event, issued: list[Credential]) -> None:
    # valid_until is the instant the last day ends: midnight after 3 December, local time.
    assert issued[0].valid_until.astimezone(event.tzinfo).date() == event.ends_on + dt.timedelta(
        days=1
    )
    assert badges.validity(issued[0], event) == "Valid 01/12/2026 to 03/12/2026"


def test_the_officer_prints_one_badge(
    client_for: Callable[[User], Client], officer: User, event: Event, issued: list[Credential]
) -> None:
    client = client_for(officer)
    assert issued[0].person is not None
    one = client.get(
        reverse("accreditation:badge_pdf", kwargs={"event": event.slug, "pk": issued[0].person.pk}),
        {"layout": "cr80"},
    )
    assert one["Content-Type"] == "application/pdf" and one["Cache-Control"] == "no-store"
    assert len(PdfReader(io.BytesIO(one.content)).pages) == 1


def test_issuing_missing_badges_skips_people_without_rights(
    officer_m: Membership, event: Event, delegate: Category, hall: Zone
) -> None:
    CategoryGrant.objects.create(
        category=delegate, zone=hall, first_day=hall.event.starts_on, last_day=hall.event.starts_on
    )
    nobody = Category.objects.create(event=event, code="NONE", name="No rights")
    people.create_person(officer_m, PersonData("A", delegate.pk))
    people.create_person(officer_m, PersonData("B", nobody.pk))
    from garrison.accreditation.models import Person

    assert credentials.issue_missing(officer_m, Person.objects.all()) == 1
    assert credentials.issue_missing(officer_m, Person.objects.all()) == 0
