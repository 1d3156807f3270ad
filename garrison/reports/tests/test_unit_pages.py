"""Each unit's page of the plan in force: its own shifts and channels as published, to the
members who may see that unit (a unit commander: their unit and those under it; 404 beyond)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.conftest import make_member
from garrison.events.models import Event, Site
from garrison.forces.models import Assignment, ForceMember, Post, Unit
from garrison.readiness.models import Channel
from garrison.reports import services
from garrison.reports.publishing import services as publishing

MembershipOf = Callable[[User, Event], Membership]


def test_a_unit_commander_reads_their_units_shifts_as_published_and_no_other_units(
    event: Event, members: dict[str, User], membership_of: MembershipOf,
    client_for: Callable[[User], Client],
) -> None:  # fmt: skip
    plan = services.plan_for(event)
    guard = Unit.objects.create(event=event, name="Bảo vệ", code="BV", type="police")
    door = Unit.objects.create(event=event, name="Tổ cửa", code="BV1", type="police", parent=guard)
    # The materialised paths the unit service writes: the scope reads the subtree from them.
    Unit.objects.filter(pk=guard.pk).update(path=f"/{guard.pk}/")
    Unit.objects.filter(pk=door.pk).update(path=f"/{guard.pk}/{door.pk}/")
    traffic = Unit.objects.create(event=event, name="CSGT", code="GT", type="police")
    venue = Site.objects.create(event=event, name="Cung", kind="venue", lat=21.02, lon=105.84)
    gate = Post.objects.create(event=event, name="Cửa chính", code="CUA", site=venue)
    junction = Post.objects.create(event=event, name="Ngã tư", code="NT", site=venue)
    for unit, post, name in ((door, gate, "Lê Thị Hoa"), (traffic, junction, "Trần Văn Nam")):
        member = ForceMember.objects.create(event=event, unit=unit, full_name=name)
        Assignment.objects.create(event=event, post=post, member=member,
                                  starts_at=plan.period_starts + dt.timedelta(hours=1),
                                  ends_at=plan.period_starts + dt.timedelta(hours=9))  # fmt: skip
    channel = Channel.objects.create(event=event, number=4, name="Cửa", function="tactical",
                                     talk_group=3104)  # fmt: skip
    channel.units.add(door)
    Channel.objects.create(event=event, number=5, name="Giao thông", function="tactical",
                           talk_group=3105).units.add(traffic)  # fmt: skip
    commander = client_for(make_member(event, Role.UNIT_COMMANDER, "bv-chief", unit_id=guard.pk))

    def url(unit: Unit) -> str:
        return reverse("reports:unit_page", kwargs={"event": event.slug, "unit_id": unit.pk})

    before = commander.get(url(door)).content.decode()
    assert "No action plan has been published yet." in before and 'id="no-shifts"' in before
    publishing.publish_plan(membership_of(members[Role.COMMANDER], event), plan, "vi")
    Assignment.objects.all().delete()  # the page reads the version as it was published
    page = commander.get(url(door)).content.decode()
    shifts = page[page.index('id="shifts"') : page.index('id="channels"')]
    assert "CUA Cửa chính" in shifts and "Lê Thị Hoa" in shifts and "Trần Văn Nam" not in shifts
    assert "TG 3104" in page and "TG 3105" not in page
    assert 'name="viewport"' in page
    assert commander.get(url(traffic)).status_code == 404  # outside the commander's subtree
    listing = commander.get(reverse("reports:unit_list", kwargs={"event": event.slug}))
    units = listing.content.decode()
    assert "BV1" in units and "GT" not in units.split('id="units"')[1]
    everyone = client_for(members[Role.VIEWER]).get(url(traffic)).content.decode()
    assert "Trần Văn Nam" in everyone
