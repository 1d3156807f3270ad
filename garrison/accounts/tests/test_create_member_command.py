"""``garrison create_member`` for scripts, audited as the system."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.conftest import PASSWORD
from garrison.events.models import Event
from garrison.ops.tests.factories import make_unit


def _run(*args: str) -> str:
    out = StringIO()
    call_command("create_member", *args, stdout=out)
    return out.getvalue()


def test_it_creates_user_and_membership(event: Event) -> None:
    unit = make_unit(event)
    output = _run(
        event.slug, "hoa", "field_officer", "--password", PASSWORD, "--unit", str(unit.pk)
    )
    user = User.objects.get(username="hoa")
    assert user.check_password(PASSWORD)
    membership = Membership.objects.get(user=user, event=event)
    assert (membership.role, membership.unit_id) == (Role.FIELD_OFFICER, unit.pk)
    assert PASSWORD not in output
    entries = Entry.objects.filter(action__startswith="accounts.")
    assert {e.action for e in entries} == {"accounts.user.created", "accounts.membership.created"}
    assert all(e.actor_user_id is None and e.actor_label == "system" for e in entries)


def test_it_changes_the_role_of_an_existing_member_and_keeps_the_password(
    event: Event, viewer: User
) -> None:
    output = _run(event.slug, viewer.username, "dispatcher", "--password", "another password 42")
    viewer.refresh_from_db()
    assert viewer.check_password(PASSWORD)
    assert "left unchanged" in output
    assert Membership.objects.get(user=viewer, event=event).role == Role.DISPATCHER
    assert Entry.objects.filter(action="accounts.membership.changed").count() == 1


def test_a_new_user_without_password_cannot_log_in_yet(event: Event) -> None:
    _run(event.slug, "khanh", "viewer")
    assert not User.objects.get(username="khanh").has_usable_password()


def test_it_refuses_an_unknown_event(db: object) -> None:
    with pytest.raises(CommandError):
        _run("nope", "someone", "viewer")


def test_it_refuses_an_unknown_role(event: Event) -> None:
    with pytest.raises(CommandError):
        _run(event.slug, "someone", "emperor")


@pytest.mark.parametrize("role", ["unit_commander", "field_officer"])
def test_a_unit_role_without_a_unit_is_refused(event: Event, role: str) -> None:
    with pytest.raises(CommandError, match=r"unit_required:.*give the unit's number"):
        _run(event.slug, "tuan", role)
    assert not User.objects.filter(username="tuan").exists()
    assert not Membership.objects.filter(event=event, role=role).exists()


def test_a_unit_that_is_not_the_events_is_refused(event: Event, other_event: Event) -> None:
    elsewhere = make_unit(other_event)
    for unit_id in ("999999", str(elsewhere.pk)):
        with pytest.raises(CommandError, match=rf"unknown_unit:.*no unit with number {unit_id}\."):
            _run(event.slug, "tuan", "unit_commander", "--unit", unit_id)
    assert not Membership.objects.filter(user__username="tuan").exists()


def test_an_event_wide_role_needs_no_unit(event: Event) -> None:
    _run(event.slug, "duc", "dispatcher")
    assert Membership.objects.get(user__username="duc").unit_id is None
