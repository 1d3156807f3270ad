"""The demo congress's posts: venue doors, perimeter, hotel floors, the duty desk and patrols.

Idempotent: posts are found by code, and the roster is built only while the event has none. The
demo's roster is the quick rule-checked first roster (under a second; it covers every post-hour
of the demo): the optimiser needs its time limit, so ``garrison solve_roster dai-hoi-2026`` or the
roster page's "Solve" improves it on request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from garrison.accounts.models import Membership, Role, User
from garrison.demo.events import VENUE_NAME
from garrison.demo.forces import DEMO_UNIT_OF_LOGIN
from garrison.demo.report import LoadReport
from garrison.events.models import Site, Zone
from garrison.forces.members import services as member_services
from garrison.forces.models import Assignment, ForceMember, Post, Qualification
from garrison.forces.posts import services as posts
from garrison.forces.roster.services import rules_for
from garrison.forces.roster.services.runs import first_run

DAY, NIGHT = (6, 20), (20, 6)  # local hours; (a, b) with b < a runs past midnight


@dataclass(frozen=True)
class DemoPost:
    code: str
    name: str
    site: str | None
    zone: str | None
    day: int  # headcount from 06:00 to 20:00
    night: int  # from 20:00 to 06:00
    skills: tuple[tuple[str, int], ...] = ()


HILTON = "Khách sạn Hilton Hà Nội Opera"
METROPOLE = "Khách sạn Sofitel Legend Metropole Hà Nội"
DAEWOO = "Khách sạn Daewoo Hà Nội"
HANOI_HOTEL = "Khách sạn Hà Nội (Hanoi Hotel)"

POSTS = (
    DemoPost("TRUC", "Bàn trực ban 24/24 (duty desk)", VENUE_NAME, None, 2, 2, (("radio", 1),)),
    DemoPost("CUA-HT", "Cửa chính hội trường (main-hall door)", VENUE_NAME, "HALL", 4, 1,
             (("access", 1),)),
    DemoPost("CUA-SANH", "Cửa sảnh đón đại biểu (lobby door)", VENUE_NAME, "LOBBY", 3, 1,
             (("access", 1), ("search", 1))),
    DemoPost("VIP", "Phòng khánh tiết (VIP room)", VENUE_NAME, "VIP", 2, 0, (("access", 1),)),
    DemoPost("BAO-CHI", "Khu vực báo chí (press area)", VENUE_NAME, "PRESS", 2, 0,
             (("search", 1),)),
    DemoPost("VANH-DAI", "Vành đai quanh Cung (perimeter)", VENUE_NAME, "PERIM", 4, 3,
             (("k9", 1),)),
    DemoPost("BAI-XE", "Bãi đỗ xe đại biểu (parking)", VENUE_NAME, "PARK", 2, 1,
             (("traffic", 1),)),
    DemoPost("Y-TE", "Điểm sơ cứu tại Cung (first-aid post)", VENUE_NAME, None, 1, 1,
             (("first_aid", 1),)),
    DemoPost("PCCC", "Trực chữa cháy tại Cung (fire watch)", VENUE_NAME, None, 2, 1,
             (("fire", 1),)),
    DemoPost("KS-HILTON", "Hilton — tầng đại biểu 5 (hotel floor)", HILTON, None, 2, 2,
             (("access", 1),)),
    DemoPost("KS-METRO", "Metropole — tầng đại biểu 3 (hotel floor)", METROPOLE, None, 2, 2,
             (("access", 1),)),
    DemoPost("KS-DAEWOO", "Daewoo — tầng đại biểu 7 (hotel floor)", DAEWOO, None, 2, 2,
             (("access", 1),)),
    DemoPost("KS-HANOI", "Khách sạn Hà Nội — tầng 4 (hotel floor)", HANOI_HOTEL, None, 2, 1,
             (("access", 1),)),
    DemoPost("TUAN-TRA-1", "Tuần tra cơ động Hoàn Kiếm (patrol)", None, None, 3, 2),
    DemoPost("TUAN-TRA-2", "Tuần tra cơ động Ba Đình (patrol)", None, None, 3, 2),
)  # fmt: skip


def _windows(
    tz: dt.tzinfo, rules_start: dt.datetime, rules_end: dt.datetime, day: int, night: int
) -> list[posts.WindowData]:
    """Day and night windows over the roster's period, one pair per local day."""
    windows: list[posts.WindowData] = []
    moment = rules_start
    while moment < rules_end:
        local = moment.astimezone(tz)
        hour = local.hour
        headcount = day if DAY[0] <= hour < DAY[1] else night
        nxt = moment + dt.timedelta(hours=1)
        if headcount:
            last = windows[-1] if windows else None
            if last is not None and last.ends_at == moment and last.headcount == headcount:
                last.ends_at = nxt
            else:
                windows.append(posts.WindowData(moment, nxt, headcount))
        moment = nxt
    return windows


def load(report: LoadReport) -> None:
    event = report.event
    actor = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.COMMANDER, user__username=Role.COMMANDER.value
    )
    rules = rules_for(event)
    existing = set(Post.objects.filter(event=event).values_list("code", flat=True))
    quals = {q.code: q.pk for q in Qualification.objects.filter(event=event)}
    sites = {s.name: s.pk for s in Site.objects.filter(event=event)}
    zones = {z.code: z.pk for z in Zone.objects.filter(event=event)}
    for demo in POSTS:
        if demo.code in existing:
            report.kept["post"] += 1
            continue
        data = posts.PostData(
            name=demo.name,
            code=demo.code,
            site_id=sites.get(demo.site) if demo.site else None,
            zone_id=zones.get(demo.zone) if demo.zone else None,
            windows=_windows(event.tzinfo, rules.starts_at, rules.ends_at, demo.day, demo.night),
            skills={quals[code]: n for code, n in demo.skills if code in quals},
        )
        posts.save_post(actor, data)
        report.created["post"] += 1
    if Assignment.objects.filter(event=event).exists():
        report.kept["roster"] += 1
    else:
        first_run(event, actor.user)
        report.created["roster"] += 1
    _link_field_officer(actor, report)


def _link_field_officer(actor: Membership, report: LoadReport) -> None:
    """The demo field officer's login is a member of their team on duty on the first day.

    So "My shifts" and the roster show them shifts today. The link is kept while that member
    still has a shift on the first day; otherwise it moves to the team's first such member.
    """
    event = actor.event
    user = User.objects.filter(username=Role.FIELD_OFFICER.value).first()
    if user is None:
        return
    day_start = dt.datetime.combine(event.starts_on, dt.time(), tzinfo=event.tzinfo)
    on_duty = Assignment.objects.filter(
        event=event,
        member__unit__code=DEMO_UNIT_OF_LOGIN[Role.FIELD_OFFICER.value],
        starts_at__lt=day_start + dt.timedelta(days=1),
        ends_at__gt=day_start,
    ).order_by("starts_at", "member__full_name", "member_id")
    current = ForceMember.objects.filter(event=event, user=user).first()
    if current is not None and on_duty.filter(member=current).exists():
        report.kept["field officer's force member"] += 1
        return
    shift = on_duty.select_related("member").first()
    if shift is None:
        return
    if current is not None:
        member_services.update_member(actor, current, _data(current, None))
    member_services.update_member(actor, shift.member, _data(shift.member, user.pk))
    report.created["field officer's force member"] += 1


def _data(member: ForceMember, user_id: int | None) -> member_services.MemberData:
    return member_services.MemberData(
        full_name=member.full_name,
        unit_id=member.unit_id,
        rank=member.rank,
        contact=member.contact,
        qualification_ids=[q.pk for q in member.qualifications.all()],
        user_id=user_id,
    )
