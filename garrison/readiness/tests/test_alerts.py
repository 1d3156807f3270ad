"""Alerts ahead of expiry and inspection dates: raised once per item and date on the workers'
schedule, heard live by the item's unit, and listed on the readiness page."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.models import LiveEvent
from garrison.core.services import queue
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.readiness.alerts.services import ALERT_EVERY_SECONDS, check_all
from garrison.readiness.models import ResourceAlert
from garrison.readiness.resources import services
from garrison.readiness.tests.conftest import Ground, day, item


def test_the_alerts_are_a_schedule_of_the_workers() -> None:
    job = {job.name: job for job in queue.scheduled()}["readiness.alerts"]
    assert job.run is check_all
    assert job.every == dt.timedelta(seconds=ALERT_EVERY_SECONDS)


def test_dates_coming_due_raise_one_alert_each(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    soon = services.create_resource(
        planning, item(tree, ground.co2, quantity=6, expires_on=day(event, 3))
    )
    services.create_resource(
        planning, item(tree, ground.radio, identifier="R-1", inspection_due=day(event, 10))
    )
    services.create_resource(
        planning, item(tree, ground.radio, identifier="R-2", expires_on=day(event, 60))
    )
    assert check_all() == 2
    assert check_all() == 0  # the next round raises nothing new
    assert set(ResourceAlert.objects.values_list("kind", flat=True)) == {"expiry", "inspection"}
    live = LiveEvent.objects.filter(kind="readiness.alert.raised").order_by("pk")
    assert [event.payload["kind"] for event in live] == ["expiry", "inspection"]
    assert live[0].payload["resource"] == soon.pk and live[0].unit_ids == [tree.fire.pk]
    assert (
        Entry.objects.filter(
            action="readiness.alert.raised", actor_label="system:readiness"
        ).count()
        == 2
    )
    # A new expiry date after a check is a new alert.
    services.update_resource(
        planning, soon, item(tree, ground.co2, quantity=6, expires_on=day(event, 5))
    )
    assert check_all() == 1


def test_the_page_lists_what_falls_due_for_the_members_units(
    planning: Membership, tree: Tree, ground: Ground, event: Event, police_commander: User,
    viewer: User, client_for: ClientFor,
) -> None:  # fmt: skip
    services.create_resource(
        planning, item(tree, ground.radio, identifier="FIRE-R", expires_on=day(event, 2))
    )
    services.create_resource(
        planning,
        item(
            tree,
            ground.radio,
            identifier="POL-R",
            owner_unit_id=tree.team_a.pk,
            inspection_due=day(event, 1),
        ),
    )
    url = reverse("readiness:board", kwargs={"event": event.slug})
    everyone = client_for(viewer).get(url).content.decode()
    assert "FIRE-R" in everyone and "POL-R" in everyone
    theirs = client_for(police_commander).get(url).content.decode()
    assert "POL-R" in theirs and "FIRE-R" not in theirs
