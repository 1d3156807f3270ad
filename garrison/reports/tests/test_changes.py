"""What changed since the previous published plan: read from the snapshots stored at publishing,
so the comparison stands however the live data moves afterwards; publishing unchanged content
again makes no second version; the purge blanks the names the snapshots hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, Role, User
from garrison.events.models import Event, Site
from garrison.forces.models import Assignment, ForceMember, Post, Unit
from garrison.readiness.models import Channel, SafetyMessage
from garrison.reports import services
from garrison.reports.changes import compare
from garrison.reports.models import PublishJob
from garrison.reports.publishing import services as publishing

MembershipOf = Callable[[User, Event], Membership]


def _shift(unit: str, post: str, start: str, member: str) -> dict[str, str]:
    return {"unit": "1", "unit_code": unit, "unit_name": unit, "post_code": post, "post": post,
            "from": start, "until": "x", "member": member, "rank": ""}  # fmt: skip


def test_compare_names_what_was_added_removed_and_changed_per_section() -> None:
    before: dict[str, Any] = {
        "objectives": "Giữ an toàn.",
        "organisation": [{"code": "BV", "name": "Bảo vệ", "type": "police", "parent": "",
                          "members": 3}],
        "assignments": [_shift("BV", "CUA", "06:00", "Hoa"), _shift("BV", "CUA", "06:00", "Hoa")],
        "radio": [{"number": 1, "name": "Chỉ huy", "talk_group": 3101, "units": "", "rx": "",
                   "tx": "", "tone": "", "mode": "", "remarks": ""}],
        "medical": {"items": [], "hospitals": [], "travel": []},
        "safety": None,
    }  # fmt: skip
    after = {
        **before,
        "organisation": [{**before["organisation"][0], "members": 4}],
        "assignments": [_shift("BV", "CUA", "06:00", "Hoa"), _shift("CS", "HAM", "14:00", "Nam")],
        "radio": [],
        "safety": {"message": "Đi giày bảo hộ.", "site_safety_plan": False, "where": "",
                   "approved": True},
    }  # fmt: skip
    sections = {s.key: s for s in compare(before, after)}
    assert not sections["objectives"].changed and not sections["medical"].changed
    (member_count,) = sections["organisation"].changes
    assert member_count.kind == "changed" and member_count.label == "BV"
    per_unit = dict(sections["assignments_unit"].groups)
    assert [c.kind for c in per_unit["BV BV"]] == ["removed"]  # one of the two shifts went
    assert [c.kind for c in per_unit["CS CS"]] == ["added"]
    assert set(dict(sections["assignments_post"].groups)) == {"CUA", "HAM"}
    assert [c.kind for c in sections["radio"].changes] == ["removed"]
    assert sections["safety"].changes[0].after.startswith("Đi giày")


def test_the_page_compares_a_version_with_the_previous_one_from_their_snapshots(
    event: Event, members: dict[str, User], membership_of: MembershipOf,
    client_for: Callable[[User], Client],
) -> None:  # fmt: skip
    commander = membership_of(members[Role.COMMANDER], event)
    plan = services.plan_for(event)
    unit = Unit.objects.create(event=event, name="Bảo vệ cửa", code="BV", type="police")
    venue = Site.objects.create(event=event, name="Cung", kind="venue", lat=21.02, lon=105.84)
    gate = Post.objects.create(event=event, name="Cửa chính", code="CUA", site=venue)
    hoa = ForceMember.objects.create(event=event, unit=unit, full_name="Lê Thị Hoa")
    Assignment.objects.create(event=event, post=gate, member=hoa, starts_at=plan.period_starts,
                              ends_at=plan.period_starts + dt.timedelta(hours=8))  # fmt: skip
    Channel.objects.create(event=event, number=1, name="Chỉ huy", function="command", talk_group=31)
    first = publishing.publish_plan(commander, plan, "vi")
    # Publishing again with nothing changed keeps that version: no second copy.
    assert publishing.publish_plan(commander, plan, "vi") == first
    assert PublishJob.objects.filter(unchanged=True).count() == 1
    services.save_objectives(commander, plan, "Bảo vệ tuyệt đối an toàn.")
    hall = Post.objects.create(event=event, name="Hội trường", code="HT", site=venue)
    Assignment.objects.create(event=event, post=hall, member=hoa,
                              starts_at=plan.period_starts + dt.timedelta(hours=8),
                              ends_at=plan.period_starts + dt.timedelta(hours=12))  # fmt: skip
    SafetyMessage.objects.create(
        event=event, period_starts=plan.period_starts, period_ends=plan.period_ends,
        message="Giữ lối thoát nạn thông suốt.", prepared_by=commander.user,
    )  # fmt: skip
    second = publishing.publish_plan(commander, plan, "vi")
    assert second.version == 2 and second.snapshot is not None
    # The live data moves on: the comparison of what was published does not.
    Assignment.objects.all().delete()
    Channel.objects.all().delete()
    viewer = client_for(members[Role.VIEWER])
    url = reverse("reports:version_changes", kwargs={"event": event.slug, "pk": second.pk})
    page = viewer.get(url).content.decode()
    assert "Compared with the previous published plan: version 1" in page
    objectives = page[
        page.index('id="changes-objectives"') : page.index('id="changes-organisation"')
    ]
    assert "Bảo vệ tuyệt đối an toàn." in objectives
    per_post = page[page.index('id="changes-assignments_post"') : page.index('id="changes-radio"')]
    assert "HT Hội trường" in per_post and "Added" in per_post and "Removed" not in per_post
    radio = page[page.index('id="changes-radio"') : page.index('id="changes-medical"')]
    assert "No change." in radio
    assert "Giữ lối thoát nạn" in page[page.index('id="changes-safety"') :]
    first_page = viewer.get(
        reverse("reports:version_changes", kwargs={"event": event.slug, "pk": first.pk})
    )
    assert 'id="no-previous"' in first_page.content.decode()
    assert viewer.get(reverse("reports:version_changes",
                              kwargs={"event": event.slug, "pk": 10**6})).status_code == 404  # fmt: skip
    # The purge blanks the members' names in the kept snapshots, with the PDFs.
    assert services.erase_packets(event.pk, 10) == 2
    second.refresh_from_db()
    assert second.snapshot is not None
    assert {row["member"] for row in second.snapshot["assignments"]} == {""}
