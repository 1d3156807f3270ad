"""Role × URL matrix (docs/security.md #1, #2): every URL pattern has a row, and every row holds.

Rows live beside each app in ``garrison/<app>/tests/url_matrix*.py`` (``ROUTES``). A URL pattern
added without a row fails ``test_every_url_pattern_has_a_row``.

Each role is probed by a member without a unit. For the unit-scoped roles that probes the role
check only: their scope is then empty, so a unit's objects answer them 404 whether or not the
role may act on them (their subtree rights are each app's scope tests).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django import DjangoDbBlocker

import garrison
from garrison.accounts.models import Role
from garrison.accounts.roles import UNIT_SCOPED_ROLES
from garrison.conftest import (
    made_as_the_suite,
    make_event,
    make_member,
    rows_for_the_module,
    verified_client,
)
from garrison.core.testing import Route
from garrison.events.models import Event


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _walk(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern):
            yield (
                f"{namespace}{entry.name}"
                if entry.name
                else f"{namespace}<unnamed {entry.pattern}>"
            )


def project_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def matrix_routes() -> list[Route]:
    routes: list[Route] = []
    root = Path(garrison.__file__).parent
    for app in pkgutil.iter_modules([str(root)]):
        tests_dir = root / app.name / "tests"
        for path in sorted(tests_dir.glob("url_matrix*.py")):
            module = importlib.import_module(f"garrison.{app.name}.tests.{path.stem}")
            routes.extend(module.ROUTES)
    return routes


ROUTES = matrix_routes()


def test_every_url_pattern_has_a_row() -> None:
    listed = {route.name for route in ROUTES}
    missing = sorted(project_url_names() - listed)
    assert not missing, f"URL patterns without a row in a url_matrix.py: {missing}"


def test_every_row_names_a_real_url() -> None:
    stale = sorted({route.name for route in ROUTES} - project_url_names())
    assert not stale, f"matrix rows for URL names that no longer exist: {stale}"


def _request(client: Client, route: Route, url: str) -> Any:
    if route.method == "GET":
        return client.get(url)
    if route.content_type:
        return client.generic(
            route.method, url, data=str(route.data), content_type=route.content_type
        )
    return client.generic(
        route.method,
        url,
        data="&".join(f"{k}={v}" for k, v in route.data.items()),
        content_type="application/x-www-form-urlencoded",
    )


@dataclass(frozen=True)
class Cast:
    """The event, one member per role, and a commander of another event, each logged in."""

    event: Event
    sessions: dict[str, str]  # role -> session key of that member's verified login
    stranger: str  # session key of the other event's commander

    def client(self, session_key: str) -> Client:
        # A fresh client per request: a row may log out or set a language cookie.
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        return client


@pytest.fixture(scope="module")
def cast(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Cast]:
    """The cast is made and logged in once per module, not once per row (eleven verified logins
    each); a row's own writes (sessions it ends or touches included) are undone after it."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            event = make_event()
            other_event = make_event("summit", "Other summit")

            def logged_in(user: Any) -> str:
                return str(verified_client(user).cookies[settings.SESSION_COOKIE_NAME].value)

            sessions = {role.value: logged_in(make_member(event, role.value)) for role in Role}
            stranger = logged_in(make_member(other_event, Role.COMMANDER, username="stranger"))
        yield Cast(event=event, sessions=sessions, stranger=stranger)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method}:{r.name}")
def test_route_answers_each_role_as_the_matrix_says(route: Route, cast: Cast, db: None) -> None:
    event = Event.objects.get(pk=cast.event.pk)  # this test's own copy: a row may change it
    url_kwargs: dict[str, Any] = {}
    if route.event_scoped:
        url_kwargs = {"event": event.slug, **route.kwargs(event)}
    url = reverse(route.name, kwargs=url_kwargs or None)

    anonymous = _request(Client(), route, url)
    if route.anonymous == "login":
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], (
            url,
            anonymous.status_code,
        )
    elif route.anonymous == "401":
        assert anonymous.status_code == 401, (url, anonymous.status_code)
    else:
        assert anonymous.status_code < 500 and anonymous.status_code not in (401, 403), (
            url,
            anonymous.status_code,
        )

    for role, session in cast.sessions.items():
        response = _request(cast.client(session), route, url)
        assert response.status_code < 500, (url, role, response.status_code)
        if route.roles is None:
            continue
        if role in UNIT_SCOPED_ROLES:
            # Probed without a unit, a unit role's scope is empty (unit roles fail closed): an
            # object of a unit answers 404 whatever the role may do, never the whole event.
            if role in route.roles:
                assert response.status_code not in (401, 403), (url, role, response.status_code)
            else:
                assert response.status_code in (403, 404), (url, role, response.status_code)
        elif role in route.roles:
            assert response.status_code not in (401, 403, 404), (url, role, response.status_code)
        else:
            assert response.status_code == 403, (url, role, response.status_code)

    if route.event_scoped:
        response = _request(cast.client(cast.stranger), route, url)
        assert response.status_code == 404, (url, "member of another event", response.status_code)
