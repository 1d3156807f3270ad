"""Situation reports: figures of real operations only (a drill's incidents never count), frozen
and signed at publishing, printable, published once per set time by the schedule, and a
sub-event's report reaching its parent's board."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.credentials.event_keys import bytes_signed
from garrison.audit.models import Entry
from garrison.checkin.models import Presence, Scan
from garrison.command.models import SituationReport
from garrison.conftest import make_event
from garrison.core.errors import DomainError
from garrison.events.models import Event, Site, Zone
from garrison.forces.models import Unit
from garrison.ops.models import Assignment, Incident, IncidentType
from garrison.readiness.models import Resource, ResourceKind, ResourceType
from garrison.reports.sitreps import services
from garrison.reports.sitreps.models import Sitrep

MembershipOf = Callable[[User, Event], Membership]


def _operations(event: Event, at: dt.datetime) -> None:
    """Two real incidents (one dispatched in 45 s) and a drill's, scans, people inside, and an
    ambulance out of service."""
    fire, _made = IncidentType.objects.get_or_create(
        event=event, code="fire", defaults={"name": "Fire"}
    )
    medical, _made = IncidentType.objects.get_or_create(
        event=event, code="medical", defaults={"name": "Medical"}
    )
    unit = Unit.objects.create(event=event, name="PCCC", code="PC", type="fire")

    def incident(ref: str, kind: IncidentType, status: str, **extra: object) -> Incident:
        return Incident.objects.create(
            event=event, reference=ref, type=kind, status=status, source="staff",
            description="x", received_at=at - dt.timedelta(minutes=30), **extra,
        )  # fmt: skip

    real = incident("R1", fire, "on_scene")
    Assignment.objects.create(incident=real, unit=unit, dispatched_at=real.received_at
                              + dt.timedelta(seconds=45))  # fmt: skip
    incident("R2", medical, "resolved")
    incident("D1", fire, "new", exercise=True)
    site = Site.objects.create(event=event, name="Cung", kind="venue", lat=21.0, lon=105.8)
    hall = Zone.objects.create(event=event, site=site, code="H", name="Hội trường", polygon=[],
                               access_level="restricted", capacity=500)  # fmt: skip
    for result in ("ok", "ok", "revoked"):
        Scan.objects.create(event=event, client_id=uuid.uuid4(), zone=hall, direction="entry",
                            result=result, scanned_at=at - dt.timedelta(minutes=5))  # fmt: skip
    Presence.objects.create(event=event, zone=hall, serial=1, inside=True)
    kind = ResourceKind.objects.create(event=event, code="med", name="Y tế")
    kind_type = ResourceType.objects.create(event=event, kind=kind, code="AMB-ALS", name="Xe")
    Resource.objects.create(event=event, type=kind_type, identifier="XC-1", status="out_of_service")
    Resource.objects.create(event=event, type=kind_type, identifier="XC-2")


@pytest.fixture
def during(event: Event) -> dt.datetime:
    """10:00 on the event's first day, in its zone."""
    return dt.datetime.combine(event.starts_on, dt.time(10), tzinfo=event.tzinfo)


def test_a_report_counts_real_operations_is_frozen_signed_and_printable(
    event: Event, members: dict[str, User], membership_of: MembershipOf,
    client_for: Callable[[User], Client], during: dt.datetime, tmp_path: Path,
) -> None:  # fmt: skip
    with time_machine.travel(during, tick=False):
        _operations(event, during)
        duty = membership_of(members[Role.DUTY_OFFICER], event)
        with pytest.raises(DomainError):
            services.publish_sitrep(membership_of(members[Role.VIEWER], event), event)
        sitrep = services.publish_sitrep(duty, event, notable="Đoàn đại biểu đến đủ.",
                                         language="en")  # fmt: skip
    incidents = sitrep.content["incidents"]
    assert incidents["total"] == 2 and incidents["exercise_left_out"] == 1
    assert incidents["open"] == 1
    names = dict(IncidentType.objects.filter(event=event).values_list("code", "name"))
    assert {t["type"]: t["by_status"] for t in incidents["by_type"]} == {
        names["fire"]: {"on_scene": 1}, names["medical"]: {"resolved": 1}}  # fmt: skip
    calls = next(r for r in sitrep.content["response"] if r["interval"] == "call_processing")
    assert calls["n"] == 1 and calls["p50"] == 45 and calls["met_percent"] == 100
    gates = sitrep.content["gates"]
    assert (gates["total"], gates["admitted"], gates["refused"]) == (3, 2, 1)
    assert gates["zones"] == [{"zone": "Hội trường", "inside": 1, "capacity": 500}]
    (medical,) = sitrep.content["resources"]["by_kind"]
    assert medical["by_status"] == {"in_service": 1, "out_of_service": 1}
    assert sitrep.covers_from.hour == 6 and sitrep.covers_to == during  # since the period began
    entry = Entry.objects.get(action="reports.sitrep.published")
    assert entry.after is not None and entry.after["sha256"] == sitrep.sha256
    assert bytes_signed(event, sitrep.key_id, bytes.fromhex(sitrep.sha256), bytes(sitrep.signature))
    # The live data moves on; the published report does not.
    Incident.objects.filter(reference="R2").update(status="closed")
    viewer = client_for(members[Role.VIEWER])
    page = viewer.get(reverse("reports:sitrep", kwargs={"event": event.slug, "pk": sitrep.pk}))
    text = page.content.decode()
    assert "Incidents by type and status" in text and "Resolved" in text
    assert "Exercise (drill) incidents left out of every figure: 1." in text
    assert "Đoàn đại biểu đến đủ." in text and "print-head" in text
    pdf = viewer.get(reverse("reports:sitrep_pdf", kwargs={"event": event.slug, "pk": sitrep.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(sitrep.pdf)
    # A printed or forwarded copy is checked like the plan's; one byte changed, it is not one.
    copy = tmp_path / "sitrep.pdf"
    copy.write_bytes(pdf.content)
    out = StringIO()
    call_command("verify_plan", str(copy), "--event", event.slug, stdout=out)
    assert f"published situation report no. {sitrep.number}" in out.getvalue()
    edited = bytearray(pdf.content)
    edited[len(edited) // 2] ^= 0x01
    copy.write_bytes(bytes(edited))
    with pytest.raises(CommandError, match="not a published version"):
        call_command("verify_plan", str(copy), "--event", event.slug)


def test_the_schedule_publishes_each_set_time_once_with_the_notes_then_clears_them(
    event: Event, members: dict[str, User], membership_of: MembershipOf, during: dt.datetime,
) -> None:  # fmt: skip
    planner = membership_of(members[Role.PLANNER], event)
    with pytest.raises(DomainError) as bad:
        services.save_schedule(planner, "06:00, 25:00", "")
    assert bad.value.code == "invalid_time" and "25:00" in str(bad.value.message)
    services.save_schedule(planner, "18:00 09:30,06:00", "Mất điện 5 phút tại cổng B.")
    assert services.schedule_for(event).times == ["06:00", "09:30", "18:00"]
    assert services.run_due(during - dt.timedelta(days=3)) == 0  # before the event: none
    with time_machine.travel(during, tick=False):
        assert services.run_due() == 1  # 09:30; 06:00 is older than the grace: not late
        assert services.run_due() == 0
        # Another process that saw the set time due publishes nothing new either.
        at = during.replace(hour=9, minute=30)
        again = services.publish_sitrep(None, event, scheduled_for=at)
    (sitrep,) = Sitrep.objects.all()
    assert again == sitrep and sitrep.scheduled_for == at and sitrep.published_by is None
    assert sitrep.notable == "Mất điện 5 phút tại cổng B."
    assert services.schedule_for(event).notes == ""
    with time_machine.travel(during + dt.timedelta(hours=1), tick=False):
        later = services.publish_sitrep(planner, event)
    assert later.number == 2 and later.covers_from == at  # from where the previous one ended


def test_a_sub_events_report_reaches_the_parents_board(
    event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    parent = make_event("national", "National")
    Event.objects.filter(pk=event.pk).update(parent=parent)
    event.refresh_from_db()
    commander = membership_of(members[Role.COMMANDER], event)
    sitrep = services.publish_sitrep(commander, event, notable="Bình thường.", language="en")
    report = SituationReport.objects.get(parent=parent)
    assert report.event == event and report.sent_at == sitrep.published_at
    assert report.text.startswith(f"Situation report no. {sitrep.number},")
    assert "Bình thường." in report.text
    assert Entry.objects.filter(action="command.report.received", event_id=parent.pk).exists()


def test_the_page_saves_the_schedule_and_publishes_on_demand(
    event: Event, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    duty = client_for(members[Role.DUTY_OFFICER])
    slug = event.slug
    bad = duty.post(reverse("reports:sitrep_schedule", kwargs={"event": slug}),
                    {"times": "6h", "notes": ""})  # fmt: skip
    assert bad.status_code == 400 and "is not a time of day" in bad.content.decode()
    saved = duty.post(reverse("reports:sitrep_schedule", kwargs={"event": slug}),
                      {"times": "06:00, 18:00", "notes": ""})  # fmt: skip
    assert saved.status_code == 302
    published = duty.post(reverse("reports:sitrep_publish", kwargs={"event": slug}),
                          {"times": "06:00, 18:00", "notes": "Có mưa lớn."})  # fmt: skip
    sitrep = Sitrep.objects.get()
    assert published.status_code == 302 and published["Location"].endswith(f"/{sitrep.pk}/")
    assert sitrep.notable == "Có mưa lớn." and sitrep.scheduled_for is None
    listing = client_for(members[Role.VIEWER]).get(reverse("reports:sitreps",
                                                           kwargs={"event": slug}))  # fmt: skip
    text = listing.content.decode()
    assert "06:00, 18:00" in text and sitrep.sha256[:16] in text and "on demand" in text
    assert timezone.now()  # the clock is the suite's
    # A report that covers the night names the day it ends on, not only the hour.
    start = timezone.localtime(sitrep.covers_from, event.tzinfo)
    Sitrep.objects.filter(pk=sitrep.pk).update(covers_to=sitrep.covers_from + dt.timedelta(days=1))
    text = client_for(members[Role.VIEWER]).get(reverse("reports:sitreps",
                                                        kwargs={"event": slug})).content.decode()  # fmt: skip
    end = (start + dt.timedelta(days=1)).strftime("%d/%m/%Y %H:%M")
    assert f"{start.strftime('%d/%m/%Y %H:%M')} – {end}" in text
