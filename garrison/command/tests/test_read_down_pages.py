"""Every route of a sub-event, walked as the parent's commander (docs/security.md #26).

The rule: a page on ``READ_DOWN_PAGES`` answers a GET with 200; every other page (forms, the
accreditation register, the member list, the audit log…) is closed with 403; every write is
refused. On the API the parent's commander reads what the sub-event's own viewer reads, and the
command's reads (the sub-event's state, its own roll-up), and writes nothing. A sibling's
commander gets 404 wherever the parent reads. The rows and their objects come from the
url_matrix files, so a new route is walked too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from garrison.accounts.models import Role
from garrison.accounts.roles import READ_DOWN_PAGES
from garrison.conftest import NOW, made_as_the_suite, make_member, rows_for_the_module
from garrison.conftest import verified_client as logged_in
from garrison.core.testing import Route
from garrison.core.tests.test_url_matrix import ROUTES, _request
from garrison.events.models import Event

# The API's reads for the command staff, beyond what a viewer reads: the parent's command too.
COMMAND_READS = frozenset({"api:command_rollup", "api:command_state"})
# Open from above with a rule of their own, proven where the page is tested: the archive only
# once the event is purged (events/tests/test_archive.py); the cast's province is not.
OWN_RULE = {"events:archive": 403}
# Pages that carry people's data or the event's record: never read from above.
PERSONAL = ("accreditation:", "members:", "audit:")
# Member routes only: the public pages (notices, tips) answer everyone alike.
EVENT_ROUTES = [route for route in ROUTES if route.event_scoped and route.roles is not None]


@dataclass(frozen=True)
class Cast:
    north: Event
    chief: str  # commands the national event
    viewer: str  # a viewer of the north province itself
    sibling: str  # commands the south province

    def client(self, session_key: str) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        return client


def _event(slug: str, parent: Event | None = None) -> Event:
    return Event.objects.create(
        slug=slug,
        name=slug.title(),
        starts_on=NOW.date() - dt.timedelta(days=1),
        ends_on=NOW.date() + dt.timedelta(days=2),
        time_zone="Asia/Ho_Chi_Minh",
        parent=parent,
    )


def _session(user: Any) -> str:
    return str(logged_in(user).cookies[settings.SESSION_COOKIE_NAME].value)


@pytest.fixture(scope="module")
def cast(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Cast]:
    with rows_for_the_module(django_db_blocker), made_as_the_suite(django_db_blocker):
        national = _event("national")
        north, south = _event("north", national), _event("south", national)
        yield Cast(
            north=north,
            chief=_session(make_member(national, Role.COMMANDER, "chief")),
            viewer=_session(make_member(north, Role.VIEWER, "north-viewer")),
            sibling=_session(make_member(south, Role.COMMANDER, "south-chief")),
        )


def test_the_open_pages_are_real_routes_and_carry_no_personal_register() -> None:
    names = {route.name for route in EVENT_ROUTES if route.method == "GET"}
    assert names >= READ_DOWN_PAGES, sorted(READ_DOWN_PAGES - names)
    assert not [page for page in READ_DOWN_PAGES if page.startswith(PERSONAL)]


@pytest.mark.parametrize("route", EVENT_ROUTES, ids=lambda r: f"{r.method}:{r.name}")
def test_a_parent_commander_reads_open_pages_and_nothing_else(
    route: Route, cast: Cast, db: None
) -> None:
    north = Event.objects.get(pk=cast.north.pk)
    url = reverse(route.name, kwargs={"event": north.slug, **route.kwargs(north)})
    answer = _request(cast.client(cast.chief), route, url).status_code
    if route.name.startswith("api:"):
        if route.name in COMMAND_READS:
            assert answer == 200, (url, answer)
        elif route.method == "GET":
            viewer = _request(cast.client(cast.viewer), route, url).status_code
            assert answer == viewer, (url, answer, "viewer", viewer)
        else:
            assert answer == 403, (route.method, url, answer)
    elif route.method == "GET" and route.name in READ_DOWN_PAGES:
        assert answer == OWN_RULE.get(route.name, 200), (url, answer)
    else:
        assert answer == 403, (route.method, url, answer)
    if answer == 200:
        # Where the parent reads, the next province must not: a sibling is a stranger (elsewhere
        # the matrix's stranger, a commander of another event, proves the same 404).
        sibling = _request(cast.client(cast.sibling), route, url).status_code
        assert sibling == 404, (route.method, url, "sibling", sibling)
