"""The event's retention policy: its default, the commander's changes (audited, without
personal data), who may change it, and the dates it refuses."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from garrison.accounts.models import User
from garrison.audit.models import Entry
from garrison.core.personal import declarations
from garrison.events.models import Event, RetentionPolicy
from garrison.events.retention import KIND_KEYS, KINDS, NOT_PER_EVENT, policy_for
from garrison.events.tests.conftest import ClientFor


def url(name: str, event: Event) -> str:
    return reverse(f"events:{name}", kwargs={"event": event.slug})


def test_every_declared_kind_of_personal_data_is_grouped_once() -> None:
    grouped = [label for kind in KINDS for label in kind.models]
    assert len(grouped) == len(set(grouped))
    declared = {declaration.label for declaration in declarations()}
    assert declared - NOT_PER_EVENT == set(grouped)


def test_default_is_thirty_days_after_the_last_day_every_kind(event: Event) -> None:
    policy = policy_for(event)

    assert policy.purge_on == event.ends_on + dt.timedelta(days=30) == dt.date(2027, 1, 2)
    assert policy.kinds == list(KIND_KEYS)
    assert not RetentionPolicy.objects.exists()


def test_every_member_reads_the_policy(event: Event, viewer: User, client_for: ClientFor) -> None:
    page = client_for(viewer).get(url("retention", event))

    assert page.status_code == 200
    text = page.content.decode()
    assert "02/01/2027" in text and "Scanner phones&#x27; names" in text
    assert url("retention_edit", event) not in text


def test_dashboard_says_when_personal_data_goes(
    event: Event, viewer: User, client_for: ClientFor
) -> None:
    text = client_for(viewer).get(url("dashboard", event)).content.decode()

    assert "Personal data will be removed on 02/01/2027" in text


def test_commander_changes_the_policy_and_it_is_audited(
    event: Event, commander: User, client_for: ClientFor
) -> None:
    client = client_for(commander)
    assert url("retention_edit", event) in client.get(url("retention", event)).content.decode()

    response = client.post(
        url("retention_edit", event), {"purge_on": "2027-02-15", "kinds": ["tips", "forces"]}
    )

    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(event=event)
    assert policy.purge_on == dt.date(2027, 2, 15)
    assert policy.kinds == ["tips", "forces"]
    entry = Entry.objects.get(action="events.retention.updated")
    assert entry.event_id == event.pk
    assert entry.before == {"purge_on": "2027-01-02", "kinds": list(KIND_KEYS)}
    assert entry.after == {"purge_on": "2027-02-15", "kinds": ["tips", "forces"]}
    text = client.get(url("dashboard", event)).content.decode()
    assert "Personal data will be removed on 15/02/2027" in text


def test_planner_and_viewer_may_not_change_it(
    event: Event, planner: User, viewer: User, client_for: ClientFor
) -> None:
    for user in (planner, viewer):
        client = client_for(user)
        assert client.get(url("retention_edit", event)).status_code == 403
        response = client.post(url("retention_edit", event), {"purge_on": "2027-02-15"})
        assert response.status_code == 403
    assert not RetentionPolicy.objects.exists()
    assert not Entry.objects.filter(action="events.retention.updated").exists()


def test_another_events_member_gets_404(
    event: Event, other_event: Event, client_for: ClientFor
) -> None:
    from garrison.conftest import make_member

    stranger = make_member(other_event, "commander")
    client = client_for(stranger)

    assert client.get(url("retention", event)).status_code == 404
    response = client.post(url("retention_edit", event), {"purge_on": "2027-02-15"})
    assert response.status_code == 404
    assert not RetentionPolicy.objects.exists()


def test_a_purge_date_before_the_end_is_refused_and_nothing_changes(
    event: Event, commander: User, client_for: ClientFor
) -> None:
    client = client_for(commander)
    for day in ("2026-12-01", "2026-12-03"):  # during the event, its last day
        response = client.post(url("retention_edit", event), {"purge_on": day, "kinds": ["tips"]})

        assert response.status_code == 400
        assert "The purge date must be after the event ends (03/12/2026)." in (
            response.content.decode()
        )
    assert not RetentionPolicy.objects.exists()
    assert not Entry.objects.filter(action="events.retention.updated").exists()


def test_a_purge_date_more_than_two_years_after_is_refused(
    event: Event, commander: User, client_for: ClientFor
) -> None:
    client = client_for(commander)

    response = client.post(url("retention_edit", event), {"purge_on": "2062-12-03"})

    assert response.status_code == 400
    assert "at most two years after the event ends (03/12/2028 at the latest)" in (
        response.content.decode()
    )
    assert client.post(url("retention_edit", event), {"purge_on": "2028-12-03"}).status_code == 302
    assert RetentionPolicy.objects.get(event=event).kinds == []
