"""Idle and absolute session timeouts (docs/security.md #8)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from garrison.accounts.middleware import SEEN, STARTED
from garrison.accounts.models import User
from garrison.accounts.tests.conftest import submit_login
from garrison.events.models import Event

IDLE = 15 * 60
ABSOLUTE = 8 * 3600


@pytest.fixture(autouse=True)
def _timeouts(settings: Any) -> None:
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_ABSOLUTE_SECONDS = ABSOLUTE


def _members_url(event: Event) -> str:
    return reverse("members:list", kwargs={"event": event.slug})


def _set_clock(client: Client, *, started_ago: int, seen_ago: int) -> None:
    session = client.session
    now = int(time.time())
    session[STARTED] = now - started_ago
    session[SEEN] = now - seen_ago
    session.save()


def test_an_active_session_stays_logged_in(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    _set_clock(client, started_ago=ABSOLUTE - 60, seen_ago=IDLE - 60)
    assert client.get(_members_url(event)).status_code == 200


def test_it_logs_out_after_the_idle_timeout(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    _set_clock(client, started_ago=IDLE + 5, seen_ago=IDLE + 5)
    response = client.get(_members_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    # And it stays logged out: the next request is anonymous too.
    assert client.get(_members_url(event))["Location"].startswith(reverse("accounts:login"))


def test_it_logs_out_after_the_absolute_timeout_even_when_active(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    _set_clock(client, started_ago=ABSOLUTE + 5, seen_ago=10)
    response = client.get(_members_url(event))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_activity_moves_the_idle_clock(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    _set_clock(client, started_ago=IDLE - 30, seen_ago=IDLE - 30)
    assert client.get(_members_url(event)).status_code == 200
    seen = client.session[SEEN]
    assert int(time.time()) - seen < 5
    assert client.session[STARTED] <= seen - (IDLE - 60)  # the start time did not move


def test_login_starts_both_clocks_afresh(viewer: User) -> None:
    client = Client()
    client.force_login(viewer)
    _set_clock(client, started_ago=ABSOLUTE - 10, seen_ago=10)  # an old session of this user
    submit_login(client, viewer)  # logging in again over it
    assert int(time.time()) - client.session[STARTED] < 5


def test_a_quick_second_request_does_not_rewrite_the_session(
    event: Event, commander: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(commander)
    client.get(_members_url(event))
    key = client.cookies["sessionid"].value
    before = Session.objects.get(session_key=key)
    client.get(_members_url(event))
    after = Session.objects.get(session_key=key)
    assert (after.session_data, after.expire_date) == (before.session_data, before.expire_date)


def test_expiry_is_logged_without_personal_data(
    event: Event, commander: User, client_for: Callable[[User], Client], caplog: Any
) -> None:
    client = client_for(commander)
    _set_clock(client, started_ago=IDLE + 5, seen_ago=IDLE + 5)
    client.get(_members_url(event))
    lines = [r.getMessage() for r in caplog.records if r.name == "garrison.security"]
    assert f"session expired user={commander.pk} reason=idle" in lines
    assert all(commander.get_username() not in line for line in lines)
