"""The demo congress's patrols: plaques around the venue and two delegate hotels, an hourly round
of the venue's perimeter and randomised rounds of the hotels, and a round just missed.

Made through the services, as planners and field officers would. On the first load the last
finished perimeter round is walked only half-way (the officer's phone scanned two of four
plaques), so the desk shows the incomplete round as an incident and the tour's report shows it.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid

from django.db import transaction
from django.utils import timezone

from garrison.accounts.models import Membership, Role
from garrison.demo.events import VENUE_LAT, VENUE_LON
from garrison.demo.report import LoadReport
from garrison.events.models import Event, Site, SiteKind
from garrison.patrols import services
from garrison.patrols.models import Point, Round, Tour
from garrison.patrols.plaques import plaque_text
from garrison.patrols.services.rounds import check_rounds
from garrison.patrols.services.visits import VisitData, record_visits

# (name, metres north, metres east of the venue's centre, risk)
VENUE_POINTS = (
    ("Góc Trần Hưng Đạo – Phan Chu Trinh (NE corner)", 90, 110, 3),
    ("Cổng phụ Yết Kiêu (side gate)", -80, 120, 2),
    ("Bãi xe phía sau (rear car park)", -110, -60, 2),
    ("Trạm biến áp (substation)", 60, -100, 3),
)
PERIMETER = "Tuần tra vòng ngoài hội trường (venue perimeter)"
HOTELS = "Tuần tra khách sạn đại biểu (delegate hotels)"
M_PER_DEGREE = 111_320.0


def _offset(north: float, east: float) -> tuple[float, float]:
    lat = VENUE_LAT + north / M_PER_DEGREE
    return round(lat, 6), round(VENUE_LON + east / (M_PER_DEGREE * math.cos(math.radians(lat))), 6)


@transaction.atomic
def load(report: LoadReport) -> None:
    event = report.event
    planner = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.PLANNER, user__username=Role.PLANNER.value
    )
    if Tour.objects.filter(event=event, name=PERIMETER).exists():
        report.kept["patrol tour"] += Tour.objects.filter(event=event).count()
        return
    venue_points = []
    for name, north, east, risk in VENUE_POINTS:
        lat, lon = _offset(north, east)
        venue_points.append(
            services.create_point(
                planner,
                services.PointData(
                    name,
                    lat,
                    lon,
                    radius_m=30,
                    risk=risk,
                    instructions="Kiểm tra cửa, hàng rào, vật khả nghi. Check doors, fences, suspicious objects.",
                ),
            )
        )
    hotel_points = []
    for site in Site.objects.filter(event=event, kind=SiteKind.HOTEL).order_by("name")[:2]:
        for label, shift in (("sảnh (lobby)", 0.0), ("lối thoát hiểm (fire exit)", -40.0)):
            hotel_points.append(
                services.create_point(
                    planner,
                    services.PointData(
                        f"{site.name[:80]} – {label}",
                        round(site.lat + shift / M_PER_DEGREE, 6),
                        site.lon,
                        radius_m=40,
                        site_id=site.pk,
                    ),
                )
            )
    services.create_tour(
        planner,
        services.TourData(
            PERIMETER,
            [p.pk for p in venue_points],
            every_minutes=60,
            walk_minutes=25,
            grace_minutes=10,
        ),
    )
    services.create_tour(
        planner,
        services.TourData(
            HOTELS,
            [p.pk for p in hotel_points],
            schedule="random",
            every_minutes=120,
            walk_minutes=60,
            grace_minutes=15,
            ordered=False,
        ),
    )
    report.created["patrol point"] += len(venue_points) + len(hotel_points)
    report.created["patrol tour"] += 2
    _half_walked_round(event, venue_points)


def _half_walked_round(event: Event, points: list[Point]) -> None:
    now = timezone.now()
    # The tours have been in force since the day began, so the last hours have their rounds.
    Tour.objects.filter(event=event).update(created=now - dt.timedelta(hours=3))
    check_rounds(now)
    missed = (
        Round.objects.filter(tour__name=PERIMETER, tour__event=event, ends_at__lte=now)
        .order_by("-starts_at")
        .first()
    )
    if missed is None:
        return
    walker = Membership.objects.select_related("user", "event").get(
        event=event, role=Role.FIELD_OFFICER, user__username=Role.FIELD_OFFICER.value
    )
    by_id = {p.pk: p for p in points}
    scans = [
        VisitData(
            uuid.uuid5(uuid.NAMESPACE_URL, f"garrison-demo:patrol:{n}"),
            plaque_text(walker.event, by_id[pk].serial),
            missed.starts_at + dt.timedelta(minutes=3 + 6 * n),
            by_id[pk].lat,
            by_id[pk].lon,
            12.0,
        )
        for n, pk in enumerate(missed.order[:2])
    ]
    record_visits(walker, scans)
    check_rounds(now)
