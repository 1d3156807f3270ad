"""Repeated failed logins are throttled and logged without personal data (docs/security.md #7, #21)."""

from __future__ import annotations

import pytest
from django.test import Client

from garrison.accounts.models import User
from garrison.accounts.security import pseudonym
from garrison.accounts.tests.conftest import submit_login
from garrison.conftest import PASSWORD


def test_it_locks_out_after_five_failed_logins(viewer: User) -> None:
    client = Client()
    for _attempt in range(4):
        assert submit_login(client, viewer, password="wrong password").status_code == 400
    fifth = submit_login(client, viewer, password="wrong password")
    assert fifth.status_code == 429
    assert b"Too many failed logins" in fifth.content

    # Locked: even the right password is refused, and no session is opened.
    right = submit_login(client, viewer, password=PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_in_vietnamese(viewer: User) -> None:
    client = Client()
    client.cookies["django_language"] = "vi"
    for _attempt in range(5):
        response = submit_login(client, viewer, password="wrong password")
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần".encode() in response.content


def test_lockout_of_one_account_does_not_block_another(viewer: User, planner: User) -> None:
    client = Client()
    for _attempt in range(5):
        submit_login(client, viewer, password="wrong password")
    assert submit_login(client, planner).status_code == 302


def test_login_failures_are_logged_without_name_or_password(
    viewer: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    for _attempt in range(5):
        submit_login(client, viewer, password="hunter2-secret")
    lines = [r.getMessage() for r in caplog.records if r.name == "garrison.security"]
    assert sum("login failed" in line for line in lines) == 5
    assert any("login locked out" in line for line in lines)
    assert all(viewer.get_username() not in line for line in lines)
    assert all("hunter2" not in line for line in lines)
    # The tag still lets an operator see that the failures were for one account.
    assert all(pseudonym(viewer.get_username()) in line for line in lines)
