"""Places in words: a zone, the nearest site and how far, the nearest named OSM street."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Role, User
from garrison.events.models import Event, Site, Zone
from garrison.ops.places import Places, place_in_words
from garrison.ops.tests.factories import make_incident
from garrison.traffic.routing.streets import nearest_street
from garrison.traffic.tests.hanoi import hanoi_network

pytestmark = pytest.mark.django_db

PALACE = (21.0245, 105.8480)
# 0.0011° of latitude north of the palace: about 120 m.
NORTH_120 = (21.0245 + 120 / 111_195, 105.8480)
# On Tố Tịch, a small street of the old quarter (found on the Hanoi extract).
TO_TICH = (21.03226, 105.85043)


@pytest.fixture
def palace(event: Event) -> Site:
    return Site.objects.create(
        event=event,
        name="Cung Văn hóa Hữu nghị Việt Xô",
        kind="venue",
        lat=PALACE[0],
        lon=PALACE[1],
    )


def _square(lat: float, lon: float, half: float) -> dict[str, object]:
    ring = [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def test_a_point_near_a_site_is_so_many_metres_from_it(event: Event, palace: Site) -> None:
    assert place_in_words(event, NORTH_120) == "120 m from Cung Văn hóa Hữu nghị Việt Xô"
    assert place_in_words(event, PALACE) == "at Cung Văn hóa Hữu nghị Việt Xô"


def test_a_point_in_a_zone_is_in_that_zone(event: Event, palace: Site) -> None:
    Zone.objects.create(
        event=event,
        site=palace,
        code="HALL",
        name="Main hall",
        polygon=_square(*PALACE, 0.0005),
        access_level="restricted",
    )
    assert place_in_words(event, PALACE) == "in zone HALL"
    assert place_in_words(event, NORTH_120).startswith("120 m from")


def test_a_point_by_a_named_hanoi_street_is_named_by_it(event: Event, palace: Site) -> None:
    hanoi_network(event)

    street = nearest_street(TO_TICH, event=event)

    assert street is not None and street.name == "Phố Tố Tịch" and street.distance_m < 5
    words = Places(event).words(TO_TICH)
    assert words == "Phố Tố Tịch, 900 m from Cung Văn hóa Hữu nghị Việt Xô"


def test_a_nameless_alley_gives_way_to_the_nearest_named_street(event: Event) -> None:
    hanoi_network(event)
    alley = (21.0245, 105.8575)  # nearest to a segment without a name

    street = nearest_street(alley, event=event)

    assert street is not None and street.name and 1.9 < street.distance_m <= 150


def test_without_network_or_sites_it_says_so_never_coordinates(event: Event) -> None:
    assert nearest_street(TO_TICH, event=event) is None
    assert place_in_words(event, TO_TICH) == "far from every site of the event"
    assert place_in_words(event, None) == "place unknown"


def test_the_incident_page_shows_the_place_in_words_and_a_small_map(
    event: Event, palace: Site, members: dict[str, User], client_for: Callable[[User], Client]
) -> None:
    incident = make_incident(event, lat=NORTH_120[0], lon=NORTH_120[1])

    page = client_for(members[Role.VIEWER]).get(
        reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk})
    )

    html = page.content.decode()
    assert "120 m from Cung Văn hóa Hữu nghị Việt Xô" in html
    assert 'data-testid="incident-map"' in html and "events/basemap.js" in html
    assert f"{NORTH_120[0]:.5f}" not in html
