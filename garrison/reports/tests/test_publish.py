"""The action plan: a packet composed from live data, published as a frozen, hashed and signed
version that ``garrison verify_plan`` recognises, and refused while an assigned resource is
unusable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.credentials.event_keys import key_in_force, sign_bytes
from garrison.audit.models import Entry
from garrison.conftest import NOW
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event, Site
from garrison.forces.models import Assignment, ForceMember, Post, Unit
from garrison.readiness.models import Channel, Resource, ResourceKind, ResourceType, SafetyMessage
from garrison.reports import services
from garrison.reports.models import PublishedPlan
from garrison.reports.publishing import services as publishing

MembershipOf = Callable[[User, Event], Membership]


def _live_data(event: Event, planner: User) -> None:
    plan = services.plan_for(event)
    command = Unit.objects.create(event=event, name="Ban chỉ huy", code="BCH", type="police")
    guard = Unit.objects.create(event=event, name="Bảo vệ cửa", code="BV", type="police",
                                parent=command)  # fmt: skip
    venue = Site.objects.create(event=event, name="Cung", kind="venue", lat=21.02, lon=105.84)
    post = Post.objects.create(event=event, name="Cửa chính", code="CUA", site=venue)
    member = ForceMember.objects.create(event=event, unit=guard, full_name="Lê Thị Hoa")
    Assignment.objects.create(
        event=event, post=post, member=member, starts_at=plan.period_starts,
        ends_at=plan.period_starts + dt.timedelta(hours=8),
    )  # fmt: skip
    Channel.objects.create(event=event, number=1, name="Chỉ huy", function="command",
                           talk_group=3101)  # fmt: skip
    SafetyMessage.objects.create(
        event=event, period_starts=plan.period_starts, period_ends=plan.period_ends,
        message="Giữ lối thoát nạn thông suốt.", prepared_by=planner,
    )  # fmt: skip


def _placed_resource(event: Event, **state: object) -> Resource:
    kind = ResourceKind.objects.create(event=event, code="fire", name="Fire")
    kind_type = ResourceType.objects.create(event=event, kind=kind, code="EXT", name="Extinguisher")
    unit = Unit.objects.create(event=event, name="PCCC", code="PCCC", type="fire")
    site = Site.objects.create(event=event, name="Hall", kind="venue", lat=21.0, lon=105.8)
    return Resource.objects.create(
        event=event, type=kind_type, identifier="B-1", owner_unit=unit, site=site, **state
    )


def test_a_version_is_stored_hashed_into_the_audit_chain_signed_and_verified(
    event: Event, members: dict[str, User], membership_of: MembershipOf, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _live_data(event, members[Role.PLANNER])
    plan = services.plan_for(event)
    planning = membership_of(members[Role.PLANNER], event)
    services.save_objectives(planning, plan, "1. Tuyệt đối an toàn cho Đại hội.")
    with pytest.raises(Forbidden):
        publishing.publish_plan(planning, plan, "vi")
    commander = membership_of(members[Role.COMMANDER], event)
    published = publishing.publish_plan(commander, plan, "vi")
    pdf = bytes(published.pdf)
    assert pdf.startswith(b"%PDF") and b"/Outlines" in pdf  # the sections' table of contents
    assert published.version == 1 and published.pages >= 8
    entry = Entry.objects.get(action="reports.plan.published")
    assert entry.after is not None and entry.after["sha256"] == published.sha256
    assert publishing.publish_plan(commander, plan, "en").version == 2
    copy = tmp_path / "plan.pdf"
    copy.write_bytes(pdf)
    call_command("verify_plan", str(copy), "--event", event.slug)
    assert "published version 1 of the action plan" in capsys.readouterr().out
    edited = bytearray(pdf)
    edited[len(edited) // 2] ^= 0x01
    copy.write_bytes(bytes(edited))
    with pytest.raises(CommandError, match="not a published version"):
        call_command("verify_plan", str(copy), "--event", event.slug)


def test_a_copy_signed_by_another_events_key_is_not_a_published_version(
    event: Event, other_event: Event, members: dict[str, User], membership_of: MembershipOf,
    tmp_path: Path,
) -> None:  # fmt: skip
    published = publishing.publish_plan(
        membership_of(members[Role.COMMANDER], event), services.plan_for(event), "en"
    )
    # The same digest signed by the other event's key: this event's check refuses it.
    other_key = key_in_force(other_event)
    published.key_id = other_key
    published.signature = sign_bytes(other_event, other_key, bytes.fromhex(published.sha256))
    published.save()
    copy = tmp_path / "plan.pdf"
    copy.write_bytes(bytes(published.pdf))
    assert not services.verify_bytes(event, copy.read_bytes()).ok
    with pytest.raises(CommandError, match="not a published version"):
        call_command("verify_plan", str(copy), "--event", event.slug)
    with pytest.raises(CommandError, match="not a published version"):
        call_command("verify_plan", str(copy), "--event", other_event.slug)


@pytest.mark.parametrize(
    "state", [{"status": "out_of_service"}, {"expires_on": NOW.date() - dt.timedelta(days=331)}]
)
def test_a_plan_is_not_published_while_an_assigned_resource_is_unusable(
    event: Event, members: dict[str, User], membership_of: MembershipOf, state: dict[str, object]
) -> None:
    resource = _placed_resource(event, **state)
    plan = services.plan_for(event)
    assert services.blockers(plan) == [resource]
    with pytest.raises(DomainError) as caught:
        publishing.publish_plan(membership_of(members[Role.COMMANDER], event), plan, "vi")
    assert caught.value.code == "unusable_resource" and "B-1" in str(caught.value.message)
    assert not PublishedPlan.objects.exists()
    assert not Entry.objects.filter(action="reports.plan.published").exists()


def test_the_commander_publishes_from_the_page_and_everyone_reads_the_pdf(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:  # fmt: skip
    slug = event.slug
    commander = client_for(members[Role.COMMANDER])
    # The job runs when the request's transaction commits (the tests' immediate queue).
    with django_capture_on_commit_callbacks(execute=True):
        page = commander.post(
            reverse("reports:publish", kwargs={"event": slug}), {"language": "vi"}
        )
    assert page.status_code == 302
    published = PublishedPlan.objects.get()
    viewer = client_for(members[Role.VIEWER])
    listing = viewer.get(reverse("reports:plan", kwargs={"event": slug})).content.decode()
    assert "Published versions" in listing and published.sha256[:16] in listing
    url = reverse("reports:published_pdf", kwargs={"event": slug, "pk": published.pk})
    download = viewer.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(published.pdf)
    bad = commander.post(reverse("reports:publish", kwargs={"event": slug}), {"language": "xx"})
    assert bad.status_code == 400


def test_the_purge_erases_the_packets_and_a_kept_copy_still_verifies(
    event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    from garrison.core.personal import extras_of

    published = publishing.publish_plan(
        membership_of(members[Role.COMMANDER], event), services.plan_for(event), "vi"
    )
    copy = bytes(published.pdf)
    (extra,) = [e for e in extras_of("forces.forcemember") if e.name == "action plan packets"]
    assert extra.pending(event.pk) == 1
    assert extra.purge(event.pk, 10) == 1 and extra.purge(event.pk, 10) == 0
    published.refresh_from_db()
    assert bytes(published.pdf) == b"" and extra.pending(event.pk) == 0
    assert services.verify_bytes(event, copy).published == published
