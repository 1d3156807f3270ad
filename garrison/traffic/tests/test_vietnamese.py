"""The traffic pages and the public notice in Vietnamese, headings pinned word for word.

One English word translated once for every meaning put "Đã kết thúc" ("has ended") over a
closure's times and "Từ ngày" over places; these headings are what a resident and a traffic
police officer read, so they are pinned here, page and PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from garrison.accounts.models import Membership, User
from garrison.events.models import Event, Site, SiteKind
from garrison.traffic.closures.services import draw_closure
from garrison.traffic.models import Closure, Notice, RoadNetwork
from garrison.traffic.movements.services import MovementData, plan_movement
from garrison.traffic.notices.services import draft_notice, publish_notice
from garrison.traffic.tests.fixtures import node_position

Member = Callable[[User, Event], Membership]
VI = {"accept-language": "vi"}
# What a wrong sense of the English word would show.
WRONG = ["Đã kết thúc", "Từ ngày", "Sang", "Biên bản", "Nguồn tin", "Tác chiến"]


@pytest.fixture
def closure(
    event: Event, grid_network: RoadNetwork, planner: User, membership_of: Member
) -> Closure:
    at = dt.datetime(2026, 12, 1, 7, 10, tzinfo=event.tzinfo)
    return draw_closure(
        membership_of(planner, event),
        [node_position(2), node_position(8)],
        at,
        at + dt.timedelta(minutes=20),
        "Delegation",
    )


@pytest.fixture
def notice(event: Event, closure: Closure, planner: User, membership_of: Member) -> Notice:
    member = membership_of(planner, event)
    return publish_notice(
        member,
        draft_notice(member, title="Phân luồng giao thông", closure_ids=[closure.pk]),
    )


def words(text: str) -> str:
    """Text with tags dropped and white space folded, as a reader sees it."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def headings(html: str) -> list[str]:
    return [words(cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)]


def test_the_public_notice_page_is_headed_in_vietnamese(event: Event, notice: Notice) -> None:
    page = Client().get(reverse("notices:public", kwargs={"event": event.slug}), headers=VI)
    html = page.content.decode()
    text = words(html)
    assert f"Phân luồng, cấm đường: {event.name}" in text
    assert "Bản in thông báo (PDF)" in text
    assert "Đường tránh:" in text
    assert "07:10" in text
    for wrong in [*WRONG, "Road closures", "Detour:"]:
        assert wrong not in text, wrong


def test_the_printable_notice_is_headed_in_vietnamese(event: Event, notice: Notice) -> None:
    url = reverse("notices:pdf", kwargs={"event": event.slug, "pk": notice.pk})
    content = Client().get(url, headers=VI).content
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )
    for heading in [
        "BAN CHỈ HUY GIAO THÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THÔNG BÁO",
        "Tuyến phố",
        "Thời gian cấm đường",
        "Đường tránh cho phương tiện của người dân",
        "Thời gian theo giờ địa phương",
    ]:
        assert heading in text, heading
    for wrong in [*WRONG, r"\bStreet\b", r"\bClosed\b", r"\bDetour\b"]:
        assert not re.search(wrong, text), wrong


def test_the_closure_table_is_headed_in_vietnamese(
    event: Event, closure: Closure, planner: User, client_for: Callable[[User], Client]
) -> None:
    with translation.override("vi"):
        page = client_for(planner).get(
            reverse("traffic:closures", kwargs={"event": event.slug}), headers=VI
        )
    html = page.content.decode()
    assert headings(html)[:4] == [
        "Tuyến phố",
        "Thời gian cấm đường",
        "Nguồn",
        "Đường tránh cho phương tiện của người dân",
    ]
    assert "Cấm đường và đường tránh" in words(html)


def test_the_movement_table_and_form_are_headed_in_vietnamese(
    event: Event,
    grid_network: RoadNetwork,
    planner: User,
    membership_of: Member,
    client_for: Callable[[User], Client],
) -> None:
    hotel, venue = (
        Site.objects.create(
            event=event,
            name=name,
            kind=SiteKind.HOTEL,
            lat=node_position(n)[0],
            lon=node_position(n)[1],
        )
        for name, n in (("Hotel", 1), ("Venue", 9))
    )
    departs = dt.datetime(2026, 12, 1, 7, 15, tzinfo=event.tzinfo)
    plan_movement(
        membership_of(planner, event), MovementData("Morning", hotel.pk, venue.pk, departs)
    )
    client = client_for(planner)
    with translation.override("vi"):
        listing = client.get(reverse("traffic:movements", kwargs={"event": event.slug}), headers=VI)
        form = client.get(
            reverse("traffic:movement_create", kwargs={"event": event.slug}), headers=VI
        )
    assert headings(listing.content.decode()) == [
        "Tên",
        "Điểm xuất phát",
        "Điểm đến",
        "Giờ xuất phát",
        "Số xe",
        "Thời gian đi",
        "Quãng đường",
    ]
    labels = [
        words(label)
        for label in re.findall(r"<label[^>]*>(.*?)</label>", form.content.decode(), re.S)
    ]
    note = "(một địa điểm, hoặc một điểm trên bản đồ)"
    assert f"Từ {note}" in labels and f"Đến {note}" in labels
    for wrong in WRONG:
        assert wrong not in words(listing.content.decode() + form.content.decode()), wrong
