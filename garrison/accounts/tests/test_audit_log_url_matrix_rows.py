"""The audit rows of the role × URL matrix say what the views do.

The project-wide matrix test walks every app's rows; this one checks ours on its own, so a
wrong row is caught here, next to the views it describes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import User
from garrison.accounts.tests.url_matrix_audit import ROUTES
from garrison.core.testing import Route
from garrison.events.models import Event


def request(client: Client, route: Route, url: str) -> int:
    if route.method == "POST":
        return client.post(url, route.data).status_code
    return client.get(url, route.data).status_code


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_each_role_gets_what_the_row_says(
    route: Route,
    event: Event,
    other_event: Event,
    members: dict[str, User],
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    assert route.roles is not None
    url = reverse(route.name, kwargs={"event": event.slug, **route.kwargs(event)})
    for role, user in members.items():
        status = request(client_for(user), route, url)
        if role in route.roles:
            assert status == 200, (role, status)
        else:
            assert status == 403, (role, status)
    assert request(client_for(outsider), route, url) == 404
    anonymous = request(Client(), route, url)
    assert anonymous == 302 and route.anonymous == "login"
