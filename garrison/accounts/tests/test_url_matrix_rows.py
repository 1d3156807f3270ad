"""The accounts rows of the role × URL matrix say what the URLs really do.

The project-wide matrix test (core) walks every app's rows; this one checks ours on their own so
a wrong row shows up here, next to the views it describes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from garrison.accounts.models import Role, User
from garrison.accounts.tests.url_matrix import ROUTES
from garrison.core.testing import Route
from garrison.events.models import Event


def _names(namespace: str) -> set[str]:
    resolver = get_resolver().namespace_dict[namespace][1]
    return {f"{namespace}:{p.name}" for p in resolver.url_patterns if isinstance(p, URLPattern)}


def test_every_accounts_url_has_a_row() -> None:
    assert _names("accounts") | _names("members") == {route.name for route in ROUTES}


def _request(client: Client, route: Route, event: Event) -> int:
    kwargs = route.kwargs(event)
    if route.event_scoped:
        kwargs["event"] = event.slug
    url = reverse(route.name, kwargs=kwargs)
    if route.method == "POST":
        return client.post(url, route.data).status_code
    return client.get(url).status_code


EVENT_ROUTES = [route for route in ROUTES if route.event_scoped]


@pytest.mark.parametrize("route", EVENT_ROUTES, ids=lambda r: r.name)
def test_each_role_gets_what_the_row_says(
    route: Route,
    event: Event,
    members: dict[str, User],
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    assert route.roles is not None
    for role in Role:
        status = _request(client_for(members[role]), route, event)
        if role in route.roles:
            # 400: the role reached the form, which refused the row's sample data.
            assert status in (200, 302, 400), (role, status)
        else:
            assert status == 403, (role, status)
    assert _request(client_for(outsider), route, event) == 404


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_visitors_get_what_the_row_says(route: Route, event: Event) -> None:
    kwargs = route.kwargs(event)
    if route.event_scoped:
        kwargs["event"] = event.slug
    url = reverse(route.name, kwargs=kwargs)
    client = Client()
    response = client.post(url, route.data) if route.method == "POST" else client.get(url)
    if route.anonymous == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")
    else:
        assert route.anonymous == "public"
        assert response.status_code in (200, 302)
