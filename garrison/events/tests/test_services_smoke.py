from __future__ import annotations

from collections.abc import Callable

import pytest

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.core.models import LiveEvent
from garrison.events import services
from garrison.events.models import Event, Site

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[105.84, 21.02], [105.85, 21.02], [105.85, 21.03], [105.84, 21.03], [105.84, 21.02]]
    ],
}


def test_planner_creates_site_with_audit_and_live_event(
    event: Event, planner: User, membership_of: Callable[[User, Event], Membership]
) -> None:
    site = services.create_site(
        membership_of(planner, event),
        services.SiteData(name="Venue", kind="venue", lat=21.0228, lon=105.8443, polygon=SQUARE),
    )
    assert Site.objects.get(pk=site.pk).polygon == SQUARE
    entry = Entry.objects.get(action="events.site.created")
    assert entry.object_id == str(site.pk) and entry.actor_user_id == planner.pk
    assert LiveEvent.objects.filter(kind="events.site.created", event=event).count() == 1


def test_viewer_cannot_create_site(
    event: Event, viewer: User, membership_of: Callable[[User, Event], Membership]
) -> None:
    with pytest.raises(DomainError) as err:
        services.create_site(
            membership_of(viewer, event),
            services.SiteData(name="X", kind="venue", lat=21.0, lon=105.0),
        )
    assert err.value.status == 403
    assert not Site.objects.exists()
    assert not Entry.objects.exists()
