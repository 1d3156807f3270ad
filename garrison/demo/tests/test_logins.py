"""The demo's logins: one for every kind of person in the journeys, each where they work, and a
fresh second-factor code for any of them at any time (``garrison demo_code``)."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import Membership, User
from garrison.accounts.roles import UNIT_SCOPED_ROLES, Role
from garrison.demo import accounts as demo_accounts
from garrison.forces.models import Unit
from garrison.traffic.roles import PLANNERS as TRAFFIC_PLANNERS

pytestmark = pytest.mark.django_db


def load(*parts: str) -> str:
    out = StringIO()
    call_command("load_demo", "--only", ",".join(parts), "--quiet-qr", stdout=out)
    return out.getvalue()


def demo_code(*usernames: str) -> str:
    out = StringIO()
    call_command("demo_code", *usernames, stdout=out)
    return out.getvalue()


def unit_of(username: str) -> str | None:
    unit_id = Membership.objects.get(user__username=username).unit_id
    return None if unit_id is None else Unit.objects.get(pk=unit_id).code


def test_the_traffic_police_officer_plans_movements_from_the_diversion_team() -> None:
    output = load("units")  # the command tree, where the demo logins have their units
    police = Membership.objects.get(user__username="traffic_police")
    assert police.role in TRAFFIC_PLANNERS  # may plan movements, closures and notices
    assert unit_of("traffic_police") == "CSGT-PL"
    assert "traffic_police is a traffic police officer" in output
    # The field officer and the unit commander work in their units (and see only those).
    assert Role.FIELD_OFFICER in UNIT_SCOPED_ROLES
    assert unit_of("field_officer") == "CSTT-1"
    assert unit_of("unit_commander") == "CSTT"


def test_load_demo_says_how_to_get_a_fresh_code() -> None:
    assert "garrison demo_code USERNAME" in load()


def test_it_prints_the_code_valid_now_and_the_next_one(clock: time_machine.Traveller) -> None:
    load()
    output = demo_code("traffic_police")
    found = re.search(
        r"code now: (\d{6})  valid for (\d+) more seconds\n  next:     (\d{6})", output
    )
    assert found is not None, output
    now, left, following = found.group(1), int(found.group(2)), found.group(3)
    device = TOTPDevice.objects.get(user__username="traffic_police")
    assert 1 <= left <= device.step
    assert device.verify_token(now)
    clock.shift(left)
    assert device.verify_token(following)


def test_without_a_username_it_prints_every_account_with_a_second_factor() -> None:
    load()
    output = demo_code()
    with_code = {
        u.username
        for u in demo_accounts.USERS
        if TOTPDevice.objects.filter(user__username=u.username).exists()
    }
    assert with_code and set(re.findall(r"^(\w+) — ", output, re.M)) == with_code
    assert "viewer" not in output


def test_a_demo_user_without_a_second_factor_is_told_so() -> None:
    load()
    assert "viewer: logs in with the password only" in demo_code("viewer")


def test_it_refuses_users_that_are_not_the_demos(settings: Any) -> None:
    load()
    User.objects.create_user(username="real_person", password="a long real password")
    with pytest.raises(CommandError, match="Not a demo user: real_person"):
        demo_code("real_person")
    # A demo name whose authenticator is someone's own: its secret is not the published one.
    TOTPDevice.objects.filter(user__username="commander").update(key="ab" * 20)
    with pytest.raises(CommandError, match="not the demo's"):
        demo_code("commander")
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="GARRISON_PRODUCTION"):
        demo_code("planner")
