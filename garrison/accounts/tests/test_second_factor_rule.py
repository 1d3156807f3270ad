"""One second-factor rule for pages, the API and the live feed (``mfa.owes_second_factor``), and
nothing about events for a session that still owes it (docs/security.md #6).

The live feed's half is in core/tests/test_live.py, through the real ASGI app.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import Membership, Role, User
from garrison.accounts.tests.conftest import code_for, submit_code, submit_login
from garrison.conftest import make_event, make_member
from garrison.events.models import Event

pytestmark = pytest.mark.django_db

Authenticator = Callable[[User], TOTPDevice]


def _commander(username: str, *events: Event) -> User:
    """A commander of the first event, viewer of the others; named so as not to spell a slug."""
    user = make_member(events[0], Role.COMMANDER, username=username)
    for other in events[1:]:
        Membership.objects.create(user=user, event=other, role=Role.VIEWER)
    return user


def _names_nothing(content: bytes, *events: Event) -> None:
    text = content.decode()
    for event in events:
        assert event.name not in text and event.slug not in text, event.slug


def test_a_single_event_commander_is_not_sent_to_the_event_before_the_code(
    authenticator: Authenticator,
) -> None:
    event = make_event("congress", "Party congress")
    user = _commander("hung", event)
    device = authenticator(user)
    client = Client()
    assert submit_login(client, user)["Location"].startswith(reverse("accounts:otp"))

    start = client.get(reverse("home"))
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("accounts:otp"))
    assert "/e/" not in start["Location"] and event.slug not in start["Location"]
    code_page = client.get(start["Location"])
    assert code_page.status_code == 200
    _names_nothing(code_page.content, event)

    done = submit_code(client, "accounts:otp", code_for(device))
    assert done.status_code == 302
    after = client.get(reverse("home"))
    assert after.status_code == 302 and after["Location"] == f"/e/{event.slug}/"


def test_a_many_event_commander_sees_no_event_names_before_the_code(
    authenticator: Authenticator,
) -> None:
    congress = make_event("congress", "Party congress")
    summit = make_event("summit", "Leaders summit")
    user = _commander("hung", congress, summit)
    device = authenticator(user)
    client = Client()
    submit_login(client, user)

    start = client.get(reverse("home"), follow=True)
    assert start.redirect_chain and start.redirect_chain[-1][0].startswith(reverse("accounts:otp"))
    _names_nothing(start.content, congress, summit)
    _names_nothing(client.get(reverse("accounts:otp")).content, congress, summit)

    submit_code(client, "accounts:otp", code_for(device))
    listed = client.get(reverse("home")).content.decode()
    assert congress.name in listed and summit.name in listed
    assert f'value="{summit.slug}"' in listed  # the top bar's event switch


def test_the_setup_page_names_no_events_either() -> None:
    event = make_event("congress", "Party congress")
    planner = make_member(event, Role.PLANNER, username="ha")
    client = Client()
    assert submit_login(client, planner)["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    _names_nothing(page.content, event)


def test_a_session_owing_the_code_gets_the_code_page_for_any_event_address(
    authenticator: Authenticator,
) -> None:
    """A member's event and an unknown one answer alike, so the answer tells nothing."""
    event = make_event("congress", "Party congress")
    user = _commander("hung", event)
    authenticator(user)
    client = Client()
    submit_login(client, user)
    mine = client.get(f"/e/{event.slug}/")
    unknown = client.get("/e/no-such-event/")
    assert mine.status_code == unknown.status_code == 302
    assert mine["Location"].startswith(reverse("accounts:otp"))
    assert unknown["Location"].startswith(reverse("accounts:otp"))


def test_the_api_follows_the_same_rule_as_the_pages(authenticator: Authenticator) -> None:
    """A viewer who enrolled an authenticator must use it: pages said so, the API did not."""
    event = make_event("congress", "Party congress")
    viewer = make_member(event, Role.VIEWER, username="tung")
    device = authenticator(viewer)
    client = Client()
    assert submit_login(client, viewer)["Location"].startswith(reverse("accounts:otp"))

    page = client.get(f"/e/{event.slug}/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:otp"))
    refused = client.get("/api/v1/events/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "second_factor_required"

    submit_code(client, "accounts:otp", code_for(device))
    assert client.get(f"/e/{event.slug}/").status_code == 200
    listed = client.get("/api/v1/events/")
    assert listed.status_code == 200 and [e["slug"] for e in listed.json()] == [event.slug]
