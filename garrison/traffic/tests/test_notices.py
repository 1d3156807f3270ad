"""Public notices: only published ones appear on the public page and feeds, text escaped."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.traffic.closures.services import draw_closure
from garrison.traffic.models import Closure, NoticeStatus, RoadNetwork
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


def urls(event: Event) -> tuple[str, str, str]:
    kwargs = {"event": event.slug}
    return (
        reverse("notices:public", kwargs=kwargs),
        reverse("notices:feed_json", kwargs=kwargs),
        reverse("notices:feed_atom", kwargs=kwargs),
    )


def test_only_published_notices_appear_publicly_without_login(
    event: Event, closure: Closure, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    page, feed, atom = urls(event)
    draft = draft_notice(
        member,
        body="<b>bold</b>",
        title="<script>alert(1)</script> Cấm đường",
        title_en="Closed",
        closure_ids=[closure.pk],
    )
    # Nothing published yet: the event's public address does not exist.
    assert Client().get(page).status_code == 404
    publish_notice(member, draft)
    hidden = draft_notice(member, title="Bản nháp bí mật", closure_ids=[closure.pk])
    anonymous = Client()
    html = anonymous.get(page, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Cấm đường" in html
    assert "<script>alert(1)" not in html
    assert "Middle" in html and "07:10" in html
    assert hidden.title not in html
    assert "© OpenStreetMap contributors" in html
    data = json.loads(anonymous.get(feed, HTTP_ACCEPT_LANGUAGE="vi").content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in data["items"]] == [draft.title]
    assert data["items"][0]["_closures"][0]["street"] == "Middle"
    xml = anonymous.get(atom, HTTP_ACCEPT_LANGUAGE="vi")
    assert xml["Content-Type"].startswith("application/atom+xml")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; Cấm đường</title>" in xml.content.decode()
    assert hidden.title not in xml.content.decode()
    # The summary is typed html: the markup in the text arrives escaped twice, shown not run.
    assert "&amp;lt;b&amp;gt;bold" in xml.content.decode()
    withdraw_notice(member, draft)
    after = anonymous.get(page).content.decode()
    assert "Cấm đường" not in after
    assert json.loads(anonymous.get(feed).content)["items"] == []
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {
        "traffic.notice.drafted",
        "traffic.notice.published",
        "traffic.notice.withdrawn",
    } <= actions


def test_the_public_page_speaks_english_when_asked(
    event: Event, closure: Closure, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    notice = draft_notice(
        member, title="Phân luồng", title_en="Road closures", closure_ids=[closure.pk]
    )
    publish_notice(member, notice)
    page, _feed, _atom = urls(event)
    english = Client().get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    vietnamese = Client().get(page, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Road closures" in english and "Phân luồng" not in english
    assert "Phân luồng" in vietnamese


def test_a_published_notice_keeps_what_it_announced_until_published_again(
    event: Event, closure: Closure, planner: User, membership_of: Member
) -> None:
    member = membership_of(planner, event)
    notice = publish_notice(
        member, draft_notice(member, title="Phân luồng", closure_ids=[closure.pk])
    )
    Closure.objects.filter(pk=closure.pk).update(street="Renamed")
    assert notice.content["closures"][0]["street"] == "Middle"
    again = publish_notice(member, notice)
    assert again.content["closures"][0]["street"] == "Renamed"
    assert again.status == NoticeStatus.PUBLISHED


def test_bad_notices_are_refused(
    event: Event,
    other_event: Event,
    closure: Closure,
    planner: User,
    viewer: User,
    membership_of: Member,
) -> None:
    member = membership_of(planner, event)
    with pytest.raises(DomainError) as caught:
        draft_notice(member, title=" ", closure_ids=[closure.pk])
    assert caught.value.code == "required"
    with pytest.raises(DomainError) as caught:
        draft_notice(member, title="T", closure_ids=[closure.pk, 999_999])
    assert caught.value.code == "invalid_choice"
    with pytest.raises(DomainError) as caught:
        draft_notice(membership_of(viewer, event), title="T", closure_ids=[closure.pk])
    assert caught.value.status == 403
    notice = draft_notice(member, title="T", closure_ids=[closure.pk])
    with pytest.raises(DomainError) as caught:
        withdraw_notice(member, notice)
    assert caught.value.code == "not_published"


def test_planner_drafts_and_publishes_from_the_notices_page(
    event: Event, closure: Closure, planner: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(planner)
    created = client.post(
        reverse("traffic:notice_create", kwargs={"event": event.slug}),
        {
            "title": "Phân luồng",
            "title_en": "",
            "body": "",
            "body_en": "",
            "closures": [closure.pk],
        },
    )
    assert created.status_code == 302
    refused = client.post(
        reverse("traffic:notice_create", kwargs={"event": event.slug}), {"title": "No closures"}
    )
    assert refused.status_code == 400
    notice = event.notices.get()
    url = reverse("traffic:notice_publish", kwargs={"event": event.slug, "pk": notice.pk})
    assert client.post(url).status_code == 302
    listing = client.get(reverse("traffic:notices", kwargs={"event": event.slug}))
    assert "Withdraw" in listing.content.decode()
