"""The public notices index, the printable PDF notice and the road layer under the maps."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from garrison.accounts.models import Membership, User
from garrison.conftest import make_event
from garrison.events.models import Event
from garrison.traffic.closures.services import draw_closure
from garrison.traffic.models import Closure, Notice, RoadNetwork
from garrison.traffic.notices.services import draft_notice, publish_notice, withdraw_notice
from garrison.traffic.tests.fixtures import node_position

Member = Callable[[User, Event], Membership]


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
        draft_notice(
            member,
            title="Phân luồng giao thông",
            title_en="Road closures",
            body="Đề nghị người dân đi theo hướng dẫn.",
            closure_ids=[closure.pk],
        ),
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_printable_notice_is_a_pdf_with_the_closed_streets_and_local_times(
    event: Event, notice: Notice
) -> None:
    url = reverse("notices:pdf", kwargs={"event": event.slug, "pk": notice.pk})
    response = Client().get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "Middle" in text  # the closed street
    assert "Phân luồng giao thông" in text and "THÔNG BÁO" in text
    assert "07:10 – 07:30" in text  # the window in the event's time zone
    assert "Main A" in text or "Left" in text or "Right" in text  # a detour street
    assert "OpenStreetMap" in text
    english = pdf_text(Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content)
    assert "Road closures" in english and "NOTICE" in english and "Middle" in english
    page = Client().get(reverse("notices:public", kwargs={"event": event.slug})).content.decode()
    assert url in page


def test_only_a_published_notice_prints(
    event: Event, notice: Notice, closure: Closure, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    draft = draft_notice(member, title="Nháp", closure_ids=[closure.pk])
    url = reverse("notices:pdf", kwargs={"event": event.slug, "pk": draft.pk})
    assert Client().get(url).status_code == 404
    withdraw_notice(member, notice)
    url = reverse("notices:pdf", kwargs={"event": event.slug, "pk": notice.pk})
    assert Client().get(url).status_code == 404


def test_the_notices_index_lists_events_with_published_notices(
    event: Event,
    notice: Notice,
) -> None:
    index = reverse("notices:index")
    only = Client().get(index)
    assert only.status_code == 302
    assert only["Location"] == reverse("notices:public", kwargs={"event": event.slug})
    second = make_event(slug="second-congress", name="Second congress")
    Notice.objects.create(event=second, title="T", status="published")
    Notice.objects.create(event=make_event(slug="quiet", name="Quiet congress"), title="Draft only")
    listing = Client().get(index, HTTP_ACCEPT_LANGUAGE="en")
    html = listing.content.decode()
    assert listing.status_code == 200
    assert event.name in html and "Second congress" in html and "Quiet congress" not in html


def test_the_notices_index_says_when_nothing_is_announced(db: None) -> None:
    response = Client().get(reverse("notices:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "No closures are announced" in response.content.decode()


def test_the_road_layer_is_light_geojson_from_the_stored_roads(
    event: Event, grid_network: RoadNetwork, viewer: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(viewer)
    url = reverse("traffic:roads", kwargs={"event": event.slug})
    response = client.get(url)
    assert response.status_code == 200
    data = json.loads(response.content)
    classes = {f["properties"]["class"] for f in data["features"]}
    # Service roads are left out of the light layer.
    assert classes == {"primary", "residential", "tertiary"}
    primary = next(f for f in data["features"] if f["properties"]["class"] == "primary")
    assert [105.84, 21.02] in primary["geometry"]["coordinates"][0]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_public_road_layer_needs_a_published_notice(
    event: Event, closure: Closure, planner: User, membership_of: Member
) -> None:
    url = reverse("notices:roads", kwargs={"event": event.slug})
    assert Client().get(url).status_code == 404
    member = membership_of(planner, event)
    publish_notice(member, draft_notice(member, title="T", closure_ids=[closure.pk]))
    assert Client().get(url).json()["type"] == "FeatureCollection"
