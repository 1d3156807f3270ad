"""The commanders' audit pages: list with filters, one entry, and the chain check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import unescape
from typing import Any
from unittest import mock

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from garrison.accounts.models import User
from garrison.audit.models import Entry
from garrison.audit.services import Actor, record
from garrison.audit.testing import drop_triggers
from garrison.conftest import make_member
from garrison.core.nav import items_for
from garrison.events.models import Event

HCM = dt.timezone(dt.timedelta(hours=7))  # the test event's zone, Asia/Ho_Chi_Minh

ClientFor = Callable[[User], Client]


def entry(
    event: Event,
    action: str = "events.zone.updated",
    *,
    actor: str = "planner-congress",
    user_id: int = 1,
    object_type: str = "events.zone",
    when: dt.datetime | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Entry:
    with (
        transaction.atomic(),
        mock.patch("django.utils.timezone.now", return_value=when or dt.datetime.now(dt.UTC)),
    ):
        return record(
            Actor(user_id=user_id, label=actor),
            action,
            event_id=event.pk,
            object_type=object_type,
            object_id="7",
            object_repr="North gate zone",
            before=before,
            after=after,
        )


def list_url(event: Event, **query: str) -> str:
    url = reverse("audit:list", kwargs={"event": event.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def shown_ids(response: Any) -> list[int]:
    return [e.pk for e in response.context["page"].object_list]


@pytest.fixture
def boss(commander: User, client_for: ClientFor) -> Client:
    return client_for(commander)


def test_commander_sees_the_events_entries_newest_first(
    event: Event, other_event: Event, boss: Client
) -> None:
    first, _other, last = entry(event), entry(other_event), entry(event)
    response = boss.get(list_url(event))
    assert response.status_code == 200
    assert shown_ids(response) == [last.pk, first.pk]
    assert b"North gate zone" in response.content


@pytest.mark.parametrize("role", ["planner", "duty_officer", "viewer", "unit_commander"])
def test_other_roles_get_403(
    event: Event, members: dict[str, User], client_for: ClientFor, role: str
) -> None:
    assert client_for(members[role]).get(list_url(event)).status_code == 403


def test_a_stranger_gets_404_for_list_and_entry(
    event: Event, other_event: Event, client_for: ClientFor
) -> None:
    mine = entry(event)
    stranger = client_for(make_member(other_event, "commander"))
    assert stranger.get(list_url(event)).status_code == 404
    detail = reverse("audit:detail", kwargs={"event": event.slug, "entry_id": mine.pk})
    assert stranger.get(detail).status_code == 404


def test_it_pages_by_fifty(event: Event, boss: Client) -> None:
    entries = [entry(event) for _ in range(51)]
    first = boss.get(list_url(event))
    assert len(shown_ids(first)) == 50 and shown_ids(first)[0] == entries[-1].pk
    second = boss.get(list_url(event, page="2"))
    assert shown_ids(second) == [entries[0].pk]
    assert boss.get(list_url(event, page="nonsense")).status_code == 200
    assert shown_ids(boss.get(list_url(event, page="999"))) == [entries[0].pk]


def test_page_links_keep_the_filters(event: Event, boss: Client) -> None:
    for _ in range(51):
        entry(event, "events.zone.updated")
    response = boss.get(list_url(event, area="events"))
    assert b"area=events&amp;page=2" in response.content


def test_it_filters_by_area_person_and_object_type(
    event: Event, members: dict[str, User], boss: Client
) -> None:
    planner, commander = members["planner"], members["commander"]
    zone = entry(event, "events.zone.updated", user_id=planner.pk)
    site = entry(event, "events.site.created", user_id=commander.pk, object_type="events.site")
    task = entry(event, "planning.task.created", user_id=planner.pk, object_type="planning.task")
    assert shown_ids(boss.get(list_url(event, area="events"))) == [site.pk, zone.pk]
    assert shown_ids(boss.get(list_url(event, area="planning"))) == [task.pk]
    assert shown_ids(boss.get(list_url(event, person=str(planner.pk)))) == [task.pk, zone.pk]
    assert shown_ids(boss.get(list_url(event, object_type="events.site"))) == [site.pk]
    both = boss.get(list_url(event, area="events", person=str(planner.pk)))
    assert shown_ids(both) == [zone.pk]
    assert both.context["filtering"] is True


def test_the_filters_speak_in_names_not_codes(
    event: Event, members: dict[str, User], boss: Client
) -> None:
    members["planner"].full_name = "Trần Thị Lan"
    members["planner"].save()
    html = boss.get(list_url(event)).content.decode()
    assert '<input type="date" name="date_from"' in html
    assert '<option value="planning">Plan</option>' in html
    assert '<option value="checkin">Gates</option>' in html
    assert f'<option value="{members["planner"].pk}">Trần Thị Lan (Planner)</option>' in html


def test_dates_are_days_in_the_event_time_zone(event: Event, boss: Client) -> None:
    # 23:30 on 1 December in Ho Chi Minh City is 16:30 UTC the same day; 00:30 on 2 December
    # there is still 1 December in UTC. Only the first belongs to "1 December" for this event.
    late = entry(event, when=dt.datetime(2026, 12, 1, 23, 30, tzinfo=HCM))
    next_day = entry(event, when=dt.datetime(2026, 12, 2, 0, 30, tzinfo=HCM))
    day_one = boss.get(list_url(event, date_from="2026-12-01", date_to="2026-12-01"))
    assert shown_ids(day_one) == [late.pk]
    assert shown_ids(boss.get(list_url(event, date_from="2026-12-02"))) == [next_day.pk]
    assert shown_ids(boss.get(list_url(event, date_to="2026-12-01"))) == [late.pk]
    # Shown in the event's time zone too.
    assert b"01/12/2026 23:30" in day_one.content


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "yesterday"},
        {"date_from": "2026-12-03", "date_to": "2026-12-01"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"area": "events."},
        {"area": "nonsense"},
        {"person": "abc"},
        {"person": "999999"},
        {"object_type": "y" * 101},
    ],
)
def test_invalid_filters_show_a_message_not_an_error(
    event: Event, boss: Client, query: dict[str, str]
) -> None:
    kept = entry(event)
    response = boss.get(list_url(event, **query))
    assert response.status_code == 200
    assert b"Some filters are not valid" in response.content
    assert b"errorlist" in response.content
    assert shown_ids(response) == [kept.pk]  # nothing half-applied


def test_detail_pretty_prints_before_and_after(event: Event, boss: Client) -> None:
    e = entry(
        event,
        before={"capacity": 100, "name": "Cổng Bắc"},
        after={"capacity": 250, "name": "Cổng Bắc"},
    )
    response = boss.get(reverse("audit:detail", kwargs={"event": event.slug, "entry_id": e.pk}))
    assert response.status_code == 200
    html = unescape(response.content.decode())  # the JSON's quotes arrive escaped
    assert '"capacity": 100' in html and '"capacity": 250' in html
    assert "Cổng Bắc" in html
    assert response.context["changes"] == [("capacity", "100", "250")]
    assert "The content matches its hash." in html


def test_detail_escapes_recorded_text(event: Event, boss: Client) -> None:
    e = entry(event, after={"note": "<script>alert(1)</script>"})
    response = boss.get(reverse("audit:detail", kwargs={"event": event.slug, "entry_id": e.pk}))
    assert b"<script>alert(1)" not in response.content
    assert b"&lt;script&gt;alert(1)" in response.content


def test_detail_of_another_events_entry_is_404(
    event: Event, other_event: Event, boss: Client
) -> None:
    theirs = entry(other_event)
    url = reverse("audit:detail", kwargs={"event": event.slug, "entry_id": theirs.pk})
    assert boss.get(url).status_code == 404


def test_verify_button_reports_an_intact_chain(event: Event, boss: Client) -> None:
    entries = [entry(event) for _ in range(3)]
    url = reverse("audit:verify", kwargs={"event": event.slug})
    assert boss.get(url).status_code == 405
    response = boss.post(url)
    assert response.status_code == 200
    assert response.context["result"].ok
    assert b"The audit chain is intact: 3 entries checked." in response.content
    assert entries[-1].hash.encode() in response.content


def test_verify_button_names_a_tampered_entry(event: Event, boss: Client) -> None:
    entries = [entry(event) for _ in range(3)]
    drop_triggers(connection)  # rolled back with the test's transaction
    Entry.objects.filter(pk=entries[1].pk).update(actor_label="someone else")
    response = boss.post(reverse("audit:verify", kwargs={"event": event.slug}))
    assert response.status_code == 200
    assert b"The audit chain is broken." in response.content
    assert f"altered: entry seq 2 (id {entries[1].pk})".encode() in response.content
    detail = reverse("audit:detail", kwargs={"event": event.slug, "entry_id": entries[1].pk})
    assert detail.encode() in response.content
    page = boss.get(detail)
    assert b"this entry was altered" in page.content


def test_verify_is_for_commanders_only(event: Event, planner: User, client_for: ClientFor) -> None:
    url = reverse("audit:verify", kwargs={"event": event.slug})
    assert client_for(planner).post(url).status_code == 403


def test_the_nav_offers_audit_to_commanders_only(event: Event) -> None:
    url = reverse("audit:list", kwargs={"event": event.slug})
    assert any(link == url for _label, link, _name in items_for(event.slug, "commander"))
    assert all(link != url for _label, link, _name in items_for(event.slug, "planner"))


def test_pages_speak_vietnamese(event: Event, boss: Client) -> None:
    e = entry(event, before={"a": 1}, after={"a": 2})
    with translation.override("vi"):
        listing = boss.get(list_url(event), headers={"accept-language": "vi"})
        detail = boss.get(
            reverse("audit:detail", kwargs={"event": event.slug, "entry_id": e.pk}),
            headers={"accept-language": "vi"},
        )
    text = listing.content.decode() + detail.content.decode()
    for phrase in [
        "Nhật ký thao tác",
        "Hành động",
        "Người thực hiện",
        "Đối tượng",
        "Thời gian",
        "Trước",
        "Sau",
        "Xác minh chuỗi",
    ]:
        assert phrase in text, phrase
