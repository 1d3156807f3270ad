"""The safety message (ICS 208): one per operational period, approved by the command, the
approval withdrawn by a change, and its printable form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event
from garrison.forces.tests.conftest import MembershipOf
from garrison.readiness.models import SafetyMessage
from garrison.readiness.safety import services

TEXT = "Cầu thang thoát hiểm phía đông đang sửa: dùng lối phía tây."


def _data(event: Event, **changes: object) -> services.SafetyData:
    starts, ends = services.current_period(event)
    values: dict[str, object] = {"period_starts": starts, "period_ends": ends, "message": TEXT}
    values.update(changes)
    return services.SafetyData(**values)  # type: ignore[arg-type]


def test_the_period_under_way_runs_from_six_to_six_in_the_events_zone(event: Event) -> None:
    starts, ends = services.current_period(event)
    local = timezone.localtime(starts, event.tzinfo)
    assert (local.hour, local.minute, ends - starts) == (6, 0, dt.timedelta(days=1))
    assert starts <= timezone.now() < ends
    early = timezone.localtime(starts, event.tzinfo) - dt.timedelta(minutes=1)
    assert services.current_period(event, early)[1] == starts


def test_a_message_is_written_approved_and_a_change_withdraws_the_approval(
    planning: Membership, event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    message = services.create_safety_message(
        planning, _data(event, site_safety_plan=True, site_safety_plan_at="Sở chỉ huy, tủ 2")
    )
    assert services.message_for(event) == message
    commander = membership_of(members[Role.COMMANDER], event)
    with pytest.raises(Forbidden):
        services.approve_safety_message(planning, message)
    services.approve_safety_message(commander, message)
    assert (
        message.approved_by == commander.user
        and message.approved_at is not None
        and message.approved_at <= timezone.now()
    )
    with pytest.raises(DomainError, match="already_approved"):
        services.approve_safety_message(commander, message)
    # Saving the same words keeps the approval; new words withdraw it.
    services.update_safety_message(
        planning,
        message,
        _data(event, site_safety_plan=True, site_safety_plan_at="Sở chỉ huy, tủ 2"),
    )
    assert message.approved_by_id == commander.user.pk
    services.update_safety_message(planning, message, _data(event, message=TEXT + " Mang mũ."))
    message.refresh_from_db()
    assert message.approved_by_id is None and not message.site_safety_plan
    actions = list(
        Entry.objects.filter(action__startswith="readiness.safety.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["readiness.safety.created", "readiness.safety.approved",
                       "readiness.safety.updated", "readiness.safety.updated"]  # fmt: skip
    assert all(
        TEXT not in str(e.after)
        for e in Entry.objects.filter(action__startswith="readiness.safety")
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"message": "  "}, "required"),
        ({"period_ends": "starts"}, "period_ends_before_start"),
        ({"period_ends": "too_late"}, "period_too_long"),
        ({"site_safety_plan": True}, "site_safety_plan_where"),
        ({"period_starts": "naive"}, "bad_period"),
    ],
)
def test_a_bad_message_is_refused_with_its_reason(
    planning: Membership, event: Event, changes: dict[str, object], code: str
) -> None:
    starts, _ends = services.current_period(event)
    named = {"starts": starts, "too_late": starts + dt.timedelta(days=8),
             "naive": starts.replace(tzinfo=None)}  # fmt: skip
    values = {k: named.get(v, v) if isinstance(v, str) and k.startswith("period") else v
              for k, v in changes.items()}  # fmt: skip
    with pytest.raises(DomainError) as caught:
        services.create_safety_message(planning, _data(event, **values))
    assert caught.value.code == code
    assert not SafetyMessage.objects.exists()


def test_one_message_per_period(planning: Membership, event: Event) -> None:
    services.create_safety_message(planning, _data(event))
    with pytest.raises(DomainError, match="period_taken"):
        services.create_safety_message(planning, _data(event, message="Again"))
    assert SafetyMessage.objects.count() == 1


def test_the_ics_208_page_shows_the_message_and_the_commander_approves_it(
    planning: Membership, event: Event, members: dict[str, User],
    client_for: Callable[[User], Client],
) -> None:  # fmt: skip
    slug = event.slug
    planner = client_for(members[Role.PLANNER])
    form = planner.get(reverse("readiness:safety_create", kwargs={"event": slug}))
    assert form.status_code == 200 and "06:00" in form.content.decode()
    starts, ends = services.current_period(event)
    local = {k: timezone.localtime(v, event.tzinfo).strftime("%Y-%m-%dT%H:%M")
             for k, v in (("period_starts", starts), ("period_ends", ends))}  # fmt: skip
    posted = planner.post(
        reverse("readiness:safety_create", kwargs={"event": slug}), {**local, "message": TEXT}
    )
    message = SafetyMessage.objects.get()
    assert posted.status_code == 302 and message.period_starts == starts
    bad = planner.post(
        reverse("readiness:safety_create", kwargs={"event": slug}), {**local, "message": "x"}
    )
    assert bad.status_code == 400 and "already has a safety message" in bad.content.decode()
    url = reverse("readiness:safety_print", kwargs={"event": slug, "pk": message.pk})
    page = planner.get(url).content.decode()
    assert "ICS 208" in page and TEXT in page and "not yet approved" in page
    commander = client_for(members[Role.COMMANDER])
    approve = reverse("readiness:safety_approve", kwargs={"event": slug, "pk": message.pk})
    assert commander.post(approve).status_code == 302
    assert "not yet approved" not in commander.get(url).content.decode()
    listing = planner.get(reverse("readiness:safety", kwargs={"event": slug})).content.decode()
    assert "(now)" in listing
