"""Categories and the category × zone matrix: editable, audited, scoped to the event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation import roles
from garrison.accreditation.categories import services
from garrison.accreditation.categories.services import CategoryData, WindowData
from garrison.accreditation.models import Category, CategoryGrant
from garrison.accreditation.tests.url_matrix import make_person
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db


def test_an_officer_creates_and_edits_a_category(officer_m: Membership) -> None:
    category = services.create_category(officer_m, CategoryData("press", "Press", "#FF0000"))
    assert (category.code, category.color) == ("PRESS", "#ff0000")
    services.update_category(officer_m, category, CategoryData("PRESS", "Báo chí", "#00ff00"))
    category.refresh_from_db()
    assert category.name == "Báo chí"
    assert Entry.objects.filter(action="accreditation.category.updated").count() == 1


def test_it_refuses_a_duplicate_code_and_a_bad_colour(
    officer_m: Membership, delegate: Category
) -> None:
    with pytest.raises(DomainError) as dup:
        services.create_category(officer_m, CategoryData("DEL", "Again"))
    assert dup.value.code == "duplicate_code"
    with pytest.raises(DomainError) as color:
        services.create_category(officer_m, CategoryData("X", "X", "red"))
    assert color.value.code == "invalid_color"


def test_a_planner_may_not_change_categories(
    planner: User, event: Event, membership_of: Callable[[User, Event], Membership]
) -> None:
    with pytest.raises(DomainError) as refused:
        services.create_category(membership_of(planner, event), CategoryData("X", "X"))
    assert refused.value.status == 403


def test_a_category_in_use_cannot_be_deleted(officer_m: Membership, event: Event) -> None:
    person = make_person(event)
    with pytest.raises(DomainError) as refused:
        services.delete_category(officer_m, person.category)
    assert refused.value.code == "category_in_use"
    assert Category.objects.filter(pk=person.category_id).exists()


def test_a_matrix_cell_opens_changes_and_closes_a_zone(
    officer_m: Membership, delegate: Category, hall: Zone
) -> None:
    day = dt.date(2026, 12, 1)
    window = WindowData(day, day + dt.timedelta(days=2), dt.time(7), dt.time(18))
    grant = services.set_category_grant(officer_m, delegate, hall.pk, window)
    assert grant is not None and grant.window_label() == "01/12–03/12 07:00–18:00"
    services.set_category_grant(officer_m, delegate, hall.pk, WindowData(day, day))
    assert CategoryGrant.objects.get(category=delegate, zone=hall).daily_start is None
    services.set_category_grant(officer_m, delegate, hall.pk, None)
    assert not CategoryGrant.objects.filter(category=delegate).exists()
    assert Entry.objects.filter(action="accreditation.grant.changed").count() == 3


@pytest.mark.parametrize(
    ("window", "code"),
    [
        (WindowData(dt.date(2026, 12, 3), dt.date(2026, 12, 1)), "invalid_days"),
        (WindowData(dt.date(2027, 6, 1), dt.date(2027, 6, 2)), "days_outside_event"),
        (WindowData(dt.date(2026, 12, 1), dt.date(2026, 12, 1), dt.time(9)), "invalid_hours"),
        (
            WindowData(dt.date(2026, 12, 1), dt.date(2026, 12, 1), dt.time(9), dt.time(8)),
            "invalid_hours",
        ),
    ],
)
def test_it_refuses_a_window_that_makes_no_sense(
    officer_m: Membership, delegate: Category, hall: Zone, window: WindowData, code: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.set_category_grant(officer_m, delegate, hall.pk, window)
    assert refused.value.code == code


def test_a_zone_of_another_event_cannot_be_granted(
    officer_m: Membership, delegate: Category, other_event: Event
) -> None:
    from garrison.accreditation.tests.url_matrix import make_zone

    foreign = make_zone(other_event, "FOREIGN")
    with pytest.raises(DomainError) as refused:
        services.set_category_grant(
            officer_m, delegate, foreign.pk, WindowData(dt.date(2026, 12, 1), dt.date(2026, 12, 1))
        )
    assert refused.value.code == "unknown_zone"


def test_the_matrix_screen_shows_every_category_and_zone(
    client_for: Callable[[User], Client],
    officer: User,
    officer_m: Membership,
    event: Event,
    delegate: Category,
    hall: Zone,
    press_area: Zone,
) -> None:
    day = dt.date(2026, 12, 1)
    services.set_category_grant(officer_m, delegate, hall.pk, WindowData(day, day))
    page = client_for(officer).get(reverse("accreditation:matrix", kwargs={"event": event.slug}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "HALL" in text and "PRESS" in text and "DEL" in text and "01/12–01/12" in text


def test_a_matrix_cell_is_saved_through_the_form(
    client_for: Callable[[User], Client],
    officer: User,
    event: Event,
    delegate: Category,
    hall: Zone,
) -> None:
    url = reverse(
        "accreditation:matrix_cell",
        kwargs={"event": event.slug, "category": delegate.pk, "zone": hall.pk},
    )
    response = client_for(officer).post(
        url,
        {
            "granted": "on",
            "first_day": "2026-12-01",
            "last_day": "2026-12-03",
            "daily_start": "07:00",
            "daily_end": "18:00",
        },
    )
    assert response.status_code == 302
    assert CategoryGrant.objects.get(category=delegate, zone=hall).daily_end == dt.time(18)


def test_another_events_category_is_not_found(
    client_for: Callable[[User], Client], officer: User, event: Event, other_event: Event
) -> None:
    foreign = Category.objects.create(event=other_event, code="F", name="Foreign")
    url = reverse("accreditation:category_edit", kwargs={"event": event.slug, "pk": foreign.pk})
    assert client_for(officer).get(url).status_code == 404


def test_officers_role_list_matches_the_nav(members: dict[str, User]) -> None:
    assert set(roles.OFFICERS) == {Role.COMMANDER, Role.ACCREDITATION_OFFICER}
