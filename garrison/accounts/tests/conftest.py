"""Fixtures for the accounts tests: authenticator devices and the codes they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import User
from garrison.conftest import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def code_for(device: TOTPDevice) -> str:
    """The code the user's phone shows right now."""
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A code the device refuses: not the current one, nor a neighbour within its tolerance."""
    device.refresh_from_db()
    near = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"
        for drift in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


@pytest.fixture
def authenticator() -> Callable[[User], TOTPDevice]:
    def make(user: User) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return make


def submit_login(
    client: Client, user: User, password: str = PASSWORD, next_url: str = ""
) -> _MonkeyPatchedWSGIResponse:
    """Submit the login form the way a browser does."""
    data = {"username": user.get_username(), "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def submit_code(client: Client, url_name: str, code: str) -> _MonkeyPatchedWSGIResponse:
    return client.post(reverse(url_name), {"code": code})
