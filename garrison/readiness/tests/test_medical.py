"""The medical plan (ICS 206): aid stations and ambulances from the inventory, hospitals from the
sites with their capabilities, and road travel times equal to ``garrison route``'s at that hour."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event, Site, SiteKind
from garrison.forces.tests.conftest import MembershipOf, Tree
from garrison.readiness.medical import services
from garrison.readiness.medical.plan import medical_plan
from garrison.readiness.models import Hospital, ResourceStatus, ResourceType
from garrison.readiness.resources import services as resources
from garrison.readiness.tests.conftest import item
from garrison.traffic.models import Closure
from garrison.traffic.routing.services import import_network
from garrison.traffic.tests.fixtures import node_position, write_osm

PHONE = "024 3825 3531"


def _site(event: Event, name: str, kind: str, node: int) -> Site:
    lat, lon = node_position(node)
    return Site.objects.create(event=event, name=name, kind=kind, lat=lat, lon=lon)


def _route(event: Event, a: Site, b: Site, at: dt.datetime) -> tuple[float, float]:
    """Seconds and metres as ``garrison route`` prints them for the two sites at ``at``."""
    out = io.StringIO()
    local = timezone.localtime(at, event.tzinfo).replace(tzinfo=None).isoformat()
    call_command("route", f"{a.lat},{a.lon}", f"{b.lat},{b.lon}", "--at", local,
                 "--event", event.slug, stdout=out)  # fmt: skip
    text = out.getvalue()
    seconds = re.search(r"seconds: ([\d.]+)", text)
    metres = re.search(r"metres: (\d+)", text)
    assert seconds and metres, text
    return float(seconds.group(1)), float(metres.group(1))


def test_a_hospitals_capabilities_are_saved_and_audited_without_its_contacts(
    planning: Membership, event: Event
) -> None:
    site = Site.objects.create(event=event, name="Việt Đức", kind="hospital", lat=21.03, lon=105.85)
    data = services.HospitalData("1", burn_unit=False, emergency_phone=PHONE, contact="Cấp cứu")
    hospital = services.save_hospital(planning, site.pk, data)
    assert (hospital.trauma, hospital.emergency_phone) == ("1", PHONE)
    data.burn_unit = True
    services.save_hospital(planning, site.pk, data)
    assert Hospital.objects.get(site=site).burn_unit
    entries = Entry.objects.filter(action__startswith="readiness.hospital.").order_by("seq")
    assert [e.action for e in entries] == [
        "readiness.hospital.created",
        "readiness.hospital.updated",
    ]
    assert all(PHONE not in str(e.after) and "Cấp cứu" not in str(e.after) for e in entries)


def test_a_bad_phone_a_non_hospital_site_and_a_reader_are_refused(
    planning: Membership, event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    site = Site.objects.create(event=event, name="H", kind="hospital", lat=21.03, lon=105.85)
    hotel = Site.objects.create(event=event, name="Hotel", kind="hotel", lat=21.03, lon=105.85)
    with pytest.raises(DomainError, match="bad_phone"):
        services.save_hospital(planning, site.pk, services.HospitalData(emergency_phone="call me"))
    with pytest.raises(DomainError, match="invalid_choice"):
        services.save_hospital(planning, site.pk, services.HospitalData(trauma="9"))
    with pytest.raises(DomainError, match="unknown_hospital"):
        services.save_hospital(planning, hotel.pk, services.HospitalData())
    with pytest.raises(Forbidden):
        services.save_hospital(
            membership_of(members[Role.VIEWER], event), site.pk, services.HospitalData()
        )
    assert not Hospital.objects.exists()


def test_aid_stations_and_ambulances_come_from_the_inventory_with_their_state(
    planning: Membership, event: Event, tree: Tree
) -> None:
    types = {t.code: t for t in ResourceType.objects.filter(event=event)}
    als = resources.create_resource(planning, item(tree, types["AMB-ALS"], identifier="29B-1"))
    bls = resources.create_resource(planning, item(tree, types["AMB-BLS"], identifier="29B-2"))
    post = resources.create_resource(planning, item(tree, types["AID-POST"], identifier="YT-1"))
    resources.create_resource(planning, item(tree, types["ENGINE"], identifier="29A-1"))
    bls.status = ResourceStatus.OUT_OF_SERVICE
    bls.save()
    plan = medical_plan(event)
    assert [(i.resource, i.usable) for i in plan.ambulances] == [(als, True), (bls, False)]
    assert [i.resource for i in plan.aid_stations] == [post]
    assert plan.hospitals == [] and all(o.legs == [] for o in plan.origins)


def test_travel_times_equal_garrison_route_for_the_same_points_and_hour(
    event: Event, tmp_path: Path
) -> None:
    network = import_network(event, write_osm(tmp_path))
    venue = Site.objects.get(event=event, kind=SiteKind.VENUE)  # the module's palace, at 1
    venue.lat, venue.lon = node_position(1)
    venue.save()
    hotel = _site(event, "Hotel at 9", SiteKind.HOTEL, 9)
    east = _site(event, "Hospital at 3", SiteKind.HOSPITAL, 3)
    north = _site(event, "Hospital at 7", SiteKind.HOSPITAL, 7)
    at = timezone.now() + dt.timedelta(hours=2)
    # Main A closed between 1 and 2 for an hour around ``at``: the venue goes round by 4 and 5.
    Closure.objects.create(
        event=event, network=network, source="hand", segments=[[100, 1, 2], [100, 2, 1]],
        starts_at=at - dt.timedelta(minutes=30), ends_at=at + dt.timedelta(minutes=30),
    )  # fmt: skip
    before = medical_plan(event, at - dt.timedelta(hours=1))
    plan = medical_plan(event, at)
    assert [h.site for h in plan.hospitals] == [east, north]
    assert [o.site for o in plan.origins] == [venue, hotel]
    for moment, found in ((at, plan), (at - dt.timedelta(hours=1), before)):
        for origin in found.origins:
            for hospital, leg in zip(found.hospitals, origin.legs, strict=True):
                seconds, metres = _route(event, origin.site, hospital.site, moment)
                assert leg.seconds is not None and leg.metres is not None
                assert leg.seconds == pytest.approx(seconds, abs=0.05)
                assert leg.metres == pytest.approx(metres, abs=0.5)
    # The closure is in the plan of its hour only.
    assert plan.venue_legs[0].seconds > before.venue_legs[0].seconds  # type: ignore[operator]


def test_without_a_road_network_the_plan_says_so(event: Event) -> None:
    Site.objects.create(event=event, name="H", kind="hospital", lat=21.03, lon=105.85)
    plan = medical_plan(event)
    venue = plan.origins[0]
    assert venue.legs[0].seconds is None and "no road network" in venue.problem


def test_the_plan_and_its_ics_206_print_show_hospitals_and_times(
    event: Event, planning: Membership, members: dict[str, User],
    client_for: Callable[[User], Client], tmp_path: Path,
) -> None:  # fmt: skip
    import_network(event, write_osm(tmp_path))
    Site.objects.filter(event=event).update(lat=node_position(1)[0], lon=node_position(1)[1])
    site = _site(event, "Bệnh viện ở 3", SiteKind.HOSPITAL, 3)
    services.save_hospital(planning, site.pk, services.HospitalData("1", emergency_phone=PHONE))
    client = client_for(members[Role.VIEWER])
    slug = event.slug
    page = client.get(reverse("readiness:medical", kwargs={"event": slug}))
    html = page.content.decode()
    assert page.status_code == 200 and "Bệnh viện ở 3" in html and PHONE in html
    assert re.search(r"\d+ min · [\d.]+ km", html)
    printed = client.get(
        reverse("readiness:medical_print", kwargs={"event": slug}), {"at": "2026-11-28T09:00"}
    )
    assert printed.status_code == 200 and "ICS 206" in printed.content.decode()
    bad = client.get(reverse("readiness:medical", kwargs={"event": slug}), {"at": "tomorrow"})
    assert bad.status_code == 400
