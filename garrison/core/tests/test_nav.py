"""The shell's navigation: sections in one row, the current section's pages in a second."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import User
from garrison.core.nav import sections_for
from garrison.events.models import Event


def test_entries_are_grouped_by_section_in_reading_order(event: Event) -> None:
    sections = sections_for(event.slug, "commander", "events:dashboard")
    labels = [section.label for section in sections]
    assert labels[0] == "Event"
    assert labels[-1] == "Administration"
    assert [s.label for s in sections if s.current] == ["Event"]
    event_section = sections[0]
    assert event_section.url == reverse("events:dashboard", kwargs={"event": event.slug})
    assert "events:map" in [name for _label, _url, name in event_section.items]


def test_a_role_sees_only_its_entries(event: Event) -> None:
    commander = {s.label for s in sections_for(event.slug, "commander", None)}
    viewer = {s.label for s in sections_for(event.slug, "viewer", None)}
    assert "Administration" in commander
    assert "Administration" not in viewer


def test_a_page_outside_the_menu_keeps_its_section_open(
    event: Event, planner: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(planner).get(reverse("events:site_create", kwargs={"event": event.slug}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="appnav subnav" aria-label="Event"' in html
    assert reverse("events:zones", kwargs={"event": event.slug}) in html
