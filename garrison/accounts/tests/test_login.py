"""Password, then TOTP for commanders, planners and duty officers (docs/security.md #6, #8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import Membership, Role, User
from garrison.accounts.tests.conftest import code_for, submit_code, submit_login, wrong_code_for
from garrison.audit.models import Entry
from garrison.events.models import Event

MEMBERS_URL = "/e/congress/members/"


def test_login_page_renders_the_form(db: object) -> None:
    response = Client().get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


def test_viewer_logs_in_without_a_second_factor(viewer: User) -> None:
    client = Client()
    response = submit_login(client, viewer, next_url="/e/congress/")
    assert response.status_code == 302 and response["Location"] == "/e/congress/"
    assert client.session["_auth_user_id"] == str(viewer.pk)
    assert not TOTPDevice.objects.filter(user=viewer).exists()


def test_it_gives_the_session_a_new_id_at_login(viewer: User) -> None:
    client = Client()
    before = client.session  # creates and saves an anonymous session, as a browser would have
    before["marker"] = "anonymous"
    before.save()
    old_key = before.session_key
    assert client.cookies["sessionid"].value == old_key

    submit_login(client, viewer)

    new_key = client.cookies["sessionid"].value
    assert new_key and new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()


def test_it_rejects_a_wrong_password(viewer: User) -> None:
    client = Client()
    response = submit_login(client, viewer, password="not the password")
    assert response.status_code == 400
    assert b"Wrong username or password." in response.content
    assert "_auth_user_id" not in client.session


def test_it_ignores_a_next_url_on_another_site(viewer: User) -> None:
    response = submit_login(Client(), viewer, next_url="https://evil.example/phish")
    assert response["Location"] == reverse("home")


def test_commander_with_authenticator_must_enter_a_code(
    event: Event, commander: User, authenticator: Callable[[User], TOTPDevice]
) -> None:
    device = authenticator(commander)
    client = Client()
    response = submit_login(client, commander, next_url=MEMBERS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp") + "?next=")

    # Password alone does not open an event page.
    blocked = client.get(MEMBERS_URL)
    assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("accounts:otp"))

    key_before = client.cookies["sessionid"].value
    verified = client.post(reverse("accounts:otp"), {"code": code_for(device), "next": MEMBERS_URL})
    assert verified.status_code == 302 and verified["Location"] == MEMBERS_URL
    assert client.cookies["sessionid"].value != key_before  # new key after the second factor
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(MEMBERS_URL).status_code == 200


def test_commander_without_second_factor_is_sent_to_otp_on_an_event_page(
    event: Event, commander: User, authenticator: Callable[[User], TOTPDevice]
) -> None:
    authenticator(commander)
    client = Client()
    client.force_login(commander)
    response = client.get(MEMBERS_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp") + "?next=%2Fe%2Fcongress%2Fmembers%2F"


@pytest.mark.parametrize("role", [Role.PLANNER, Role.DUTY_OFFICER])
def test_planners_and_duty_officers_need_the_second_factor_too(
    members: dict[str, User], role: Role
) -> None:
    response = submit_login(Client(), members[role])
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_commander_of_one_event_needs_totp_in_an_event_where_they_only_view(
    event: Event, other_event: Event, commander: User
) -> None:
    Membership.objects.create(user=commander, event=other_event, role=Role.VIEWER)
    client = Client()
    client.force_login(commander)
    response = client.get(reverse("events:dashboard", kwargs={"event": other_event.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))


def test_commander_without_authenticator_sets_one_up(event: Event, commander: User) -> None:
    client = Client()
    response = submit_login(client, commander, next_url=MEMBERS_URL)
    assert response["Location"].startswith(reverse("accounts:otp_setup"))

    # The decorator sends unverified users to the code page; without a device it forwards on.
    to_otp = client.get(MEMBERS_URL)
    assert to_otp["Location"].startswith(reverse("accounts:otp"))
    to_setup = client.get(to_otp["Location"])
    assert to_setup["Location"].startswith(reverse("accounts:otp_setup"))

    page = client.get(to_setup["Location"])
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=commander, confirmed=False)
    # The secret on the page is the device's key, in base32 groups.
    assert page.context["secret"].replace(" ", "") in device.config_url

    again = client.get(to_setup["Location"])
    assert again.context["secret"] == page.context["secret"]  # a reload keeps the secret

    done = client.post(
        reverse("accounts:otp_setup"), {"code": code_for(device), "next": MEMBERS_URL}
    )
    assert done.status_code == 302 and done["Location"] == MEMBERS_URL
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(MEMBERS_URL).status_code == 200
    entry = Entry.objects.get(action="accounts.otp.enrolled")
    assert entry.actor_user_id == commander.pk


def test_setup_refuses_a_wrong_code_and_leaves_the_device_unconfirmed(commander: User) -> None:
    client = Client()
    client.force_login(commander)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=commander)
    response = submit_code(client, "accounts:otp_setup", wrong_code_for(device))
    assert response.status_code == 400
    assert b"This code is not right." in response.content
    device.refresh_from_db()
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_setup_cannot_replace_a_confirmed_authenticator(
    commander: User, authenticator: Callable[[User], TOTPDevice]
) -> None:
    authenticator(commander)
    client = Client()
    client.force_login(commander)
    response = client.get(reverse("accounts:otp_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp"))
    assert TOTPDevice.objects.filter(user=commander).count() == 1


def test_a_code_cannot_be_used_twice(
    commander: User, authenticator: Callable[[User], TOTPDevice]
) -> None:
    device = authenticator(commander)
    code = code_for(device)
    first = Client()
    first.force_login(commander)
    assert submit_code(first, "accounts:otp", code).status_code == 302

    second = Client()
    second.force_login(commander)
    replay = submit_code(second, "accounts:otp", code)
    assert replay.status_code in (400, 429)
    assert DEVICE_ID_SESSION_KEY not in second.session


def test_it_throttles_wrong_codes(
    settings: Any,
    commander: User,
    authenticator: Callable[[User], TOTPDevice],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A long back-off so the test cannot pass or fail on the speed of the machine.
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = authenticator(commander)
    client = Client()
    client.force_login(commander)

    wrong = submit_code(client, "accounts:otp", wrong_code_for(device))
    assert wrong.status_code == 400
    throttled = submit_code(client, "accounts:otp", code_for(device))
    assert throttled.status_code == 429
    assert b"Too many wrong codes." in throttled.content
    assert DEVICE_ID_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    messages = [r.getMessage() for r in caplog.records if r.name == "garrison.security"]
    assert any("otp failed" in m for m in messages)
    assert any("otp throttled" in m for m in messages)
    assert not any(commander.get_username() in m for m in messages)


def test_a_malformed_code_counts_as_a_wrong_guess(
    commander: User, authenticator: Callable[[User], TOTPDevice]
) -> None:
    device = authenticator(commander)
    client = Client()
    client.force_login(commander)
    submit_code(client, "accounts:otp", "12ab")
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_otp_pages_send_anonymous_visitors_to_login(db: object) -> None:
    for name in ("accounts:otp", "accounts:otp_setup"):
        response = Client().get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_logout_is_post_only(viewer: User) -> None:
    client = Client()
    client.force_login(viewer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_login_page_is_translated_to_vietnamese(db: object) -> None:
    client = Client(headers={"accept-language": "vi"})
    client.cookies["django_language"] = "vi"
    response = client.get(reverse("accounts:login"))
    assert "Đăng nhập".encode() in response.content
    assert "Mật khẩu".encode() in response.content
