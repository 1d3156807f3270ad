"""``load_demo``: the demo congress loads once, reruns change nothing, and its logins work."""

from __future__ import annotations

import base64
import itertools
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import Membership, User
from garrison.accounts.roles import MFA_ROLES, Role
from garrison.audit.chain import GENESIS, link_hash
from garrison.audit.models import Entry
from garrison.core.models import LiveEvent
from garrison.demo import accounts as demo_accounts
from garrison.demo import events as demo_events
from garrison.events.geo import check_polygon, point_in_polygon, polygon_within
from garrison.events.models import Event, Phase, PhaseKind, Site, SiteKind, Zone

pytestmark = pytest.mark.django_db

USERS = demo_accounts.USERS
# The demo users who log in with a second factor: those whose role needs one.
MFA_USERNAMES = {user.username for user in USERS if user.role in MFA_ROLES}

# The bounding box of the shipped road data (data/roads/README.md).
ROAD_LAT = (21.008, 21.085)
ROAD_LON = (105.775, 105.880)


def load(*args: str) -> str:
    """The foundation's part of the demo only; each app's tests load its own part."""
    out = StringIO()
    call_command("load_demo", "--only", "", *args, stdout=out)
    return out.getvalue()


def test_only_names_parts_that_exist() -> None:
    with pytest.raises(CommandError, match="no demo part named nosuch"):
        load("--only", "forces,nosuch")
    assert not Event.objects.exists()


def counts() -> dict[str, int]:
    models: list[Any] = [Event, Phase, Site, Zone, User, Membership, TOTPDevice, Entry, LiveEvent]
    return {model.__name__: model.objects.count() for model in models}


def mfa_blocks(output: str) -> dict[str, str]:
    """The per-user TOTP blocks of the output, keyed by username."""
    parts = re.split(r"^== (\w+) — .*$", output, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.fixture
def output() -> str:
    return load("--quiet-qr")


def test_a_second_run_creates_nothing(output: str) -> None:
    first = counts()
    assert first["Event"] == 1 and first["Phase"] == 3
    assert first["Site"] == len(demo_events.SITES) and first["Zone"] == 6
    assert first["User"] == len(USERS) and first["Membership"] == len(USERS)
    assert first["TOTPDevice"] == len(MFA_USERNAMES)

    again = load("--quiet-qr")

    assert counts() == first  # no row and no audit entry added
    assert "created: nothing" in again


def test_every_role_has_a_user_with_the_demo_password(output: str) -> None:
    event = Event.objects.get(slug=demo_events.EVENT_SLUG)
    for role in Role:
        membership = Membership.objects.select_related("user").get(
            event=event, role=role, user__username=role.value
        )
        user = membership.user
        assert user.username == role.value
        assert user.full_name and user.is_active
        assert user.check_password(demo_accounts.DEFAULT_PASSWORD)
        assert re.search(rf"^  {role.value}\s+{re.escape(str(role.label))}\s", output, re.M)
    # …and so has each other kind of person in the journeys, under their own name.
    for demo in USERS:
        membership = Membership.objects.select_related("user").get(
            event=event, user__username=demo.username
        )
        assert membership.role == demo.role
        assert membership.user.check_password(demo_accounts.DEFAULT_PASSWORD)
        label = re.escape(str(Role(demo.role).label))
        assert re.search(rf"^  {demo.username}\s+{label}\s", output, re.M)
    assert "Password for every demo user: garrison-demo-2026" in output
    assert "http://127.0.0.1:8000/" in output


def test_mfa_users_have_a_confirmed_device_and_the_printed_code_verifies(output: str) -> None:
    blocks = mfa_blocks(output)
    assert set(blocks) == MFA_USERNAMES
    assert {role.value for role in MFA_ROLES} <= MFA_USERNAMES
    for username, block in blocks.items():
        device = TOTPDevice.objects.get(user__username=username)
        assert device.confirmed
        assert device.key == demo_accounts.demo_totp_key(username)
        secret = base64.b32encode(device.bin_key).decode()
        assert f"secret:   {secret}" in block
        assert f"otpauth://totp/Garrison%3A{username}?secret={secret}" in block
        code = re.search(r"code now: (\d{6})", block)
        assert code is not None
        assert device.verify_token(code.group(1))
    others = demo_accounts.DEMO_USERNAMES - set(blocks)
    assert not TOTPDevice.objects.filter(user__username__in=others).exists()


def test_the_totp_secret_survives_a_rerun(output: str) -> None:
    before = dict(TOTPDevice.objects.values_list("user__username", "key"))
    load("--quiet-qr")
    assert dict(TOTPDevice.objects.values_list("user__username", "key")) == before


def test_the_six_zones_lie_inside_the_venue(output: str) -> None:
    venue = Site.objects.get(kind=SiteKind.VENUE)
    assert venue.polygon is not None
    assert point_in_polygon(venue.lat, venue.lon, venue.polygon)
    zones = Zone.objects.filter(site=venue)
    assert {z.code for z in zones} == {"HALL", "LOBBY", "PRESS", "VIP", "PARK", "PERIM"}
    for zone in zones:
        check_polygon(zone.polygon)
        assert polygon_within(zone.polygon, venue.polygon), zone.code
        assert zone.capacity
    assert zones.get(code="HALL").capacity == 600
    assert zones.get(code="VIP").access_level == "secure"


def test_sites_lie_on_the_road_data(output: str) -> None:
    sites = list(Site.objects.all())
    for site in sites:
        assert ROAD_LAT[0] <= site.lat <= ROAD_LAT[1], site.name
        assert ROAD_LON[0] <= site.lon <= ROAD_LON[1], site.name
    kinds = [site.kind for site in sites]
    assert kinds.count(SiteKind.HOTEL) == 4
    for kind in (SiteKind.VENUE, SiteKind.HOSPITAL, SiteKind.FIRE_STATION, SiteKind.KEY_TARGET):
        assert kind in kinds
    assert SiteKind.ASSEMBLY_POINT in kinds


def test_the_event_and_its_phases_are_in_hanoi_time(output: str) -> None:
    event = Event.objects.get(slug=demo_events.EVENT_SLUG)
    assert event.time_zone == "Asia/Ho_Chi_Minh"
    assert (event.ends_on - event.starts_on).days == 2
    assert "400" in event.description
    during = Phase.objects.get(event=event, kind=PhaseKind.DURING)
    assert during.starts_at.astimezone(event.tzinfo).hour == 6
    assert during.ends_at.astimezone(event.tzinfo).hour == 20
    assert [p.kind for p in event.phases.all()] == ["before", "during", "after"]


def test_everything_is_audited(output: str) -> None:
    commander = User.objects.get(username="commander")
    created = Entry.objects.get(action="events.event.created")
    assert created.actor_user_id is None and created.actor_label == "system"
    sites = Entry.objects.filter(action="events.site.created")
    assert sites.count() == len(demo_events.SITES)
    assert set(sites.values_list("actor_user_id", flat=True)) == {commander.pk}
    assert Entry.objects.filter(action="events.zone.created").count() == 6
    assert Entry.objects.filter(action="events.phase.created").count() == 3
    assert Entry.objects.filter(action="accounts.user.created").count() == len(USERS)
    assert Entry.objects.filter(action="accounts.otp.enrolled").count() == len(MFA_USERNAMES)
    # The chain links up: each entry hashes to its stored value and follows its predecessor.
    entries = list(Entry.objects.order_by("seq"))
    assert entries[0].prev_hash == GENESIS
    for previous, entry in itertools.pairwise(entries):
        assert entry.prev_hash == previous.hash
    for entry in entries:
        assert link_hash(entry.prev_hash, entry.canonical()) == entry.hash


def test_a_rerun_restores_what_was_changed(output: str) -> None:
    Event.objects.filter(slug=demo_events.EVENT_SLUG).update(name="Renamed")
    planner = User.objects.get(username="planner")
    planner.set_password("something else entirely")
    planner.save()
    Membership.objects.filter(user=planner).update(role=Role.VIEWER)

    again = load("--quiet-qr")

    assert Event.objects.get(slug=demo_events.EVENT_SLUG).name == demo_events.NAME
    planner.refresh_from_db()
    assert planner.check_password(demo_accounts.DEFAULT_PASSWORD)
    assert Membership.objects.get(user=planner).role == Role.PLANNER
    for action in ("events.event.updated", "accounts.user.reset"):
        assert Entry.objects.filter(action=action).count() == 1, action
    restored = Membership.objects.get(user=planner)
    changed = Entry.objects.filter(action="accounts.membership.changed", object_id=str(restored.pk))
    assert changed.count() == 1
    assert "1 user reset to the demo password" in again


def test_it_draws_a_qr_code_per_mfa_user() -> None:
    blocks = mfa_blocks(load())
    assert len(blocks) == len(MFA_USERNAMES)
    for block in blocks.values():
        # qrcode draws with cp437 blocks; its "empty" cell is a no-break space.
        qr_lines = [line for line in block.splitlines() if line and set(line) <= set("█▀▄\xa0")]
        assert len(qr_lines) > 20  # a version-3+ code in half-block rows


def test_it_takes_a_password() -> None:
    output = load("--quiet-qr", "--password", "another long demo phrase")
    assert User.objects.get(username="viewer").check_password("another long demo phrase")
    assert "another long demo phrase" not in output


def test_it_refuses_a_weak_password() -> None:
    with pytest.raises(CommandError, match="--password"):
        load("--password", "12345")
    assert not Event.objects.exists()


def test_it_refuses_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="PRODUCTION"):
        load("--quiet-qr")
    assert not User.objects.exists() and not Event.objects.exists()
