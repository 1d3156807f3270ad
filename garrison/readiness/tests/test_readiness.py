"""Readiness per place: required against what is there, in service and valid, as green, amber
or red with what is missing named; the page, the JSON, and a query count that does not grow."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.models import Post
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.readiness.models import Requirement, Resource, ResourceStatus
from garrison.readiness.places import services as levels
from garrison.readiness.places.readiness import readiness_of
from garrison.readiness.resources import services
from garrison.readiness.tests.conftest import Ground, day, item


def _by_key(event: Event) -> dict[str, Any]:
    return {place.key: place for place in readiness_of(event, services.today_of(event))}


def test_a_place_is_green_amber_or_red_with_the_missing_items_named(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    door, venue = f"post:{ground.door.pk}", f"site:{ground.venue.pk}"
    levels.set_requirement(planning, ground.radio.pk, door, 2)
    levels.set_requirement(planning, ground.co2.pk, venue, 10)
    levels.set_requirement(planning, ground.engine.pk, venue, 1)
    for n in (1, 2):
        services.create_resource(
            planning, item(tree, ground.radio, identifier=f"R-{n}", place=door)
        )
    services.create_resource(planning, item(tree, ground.co2, quantity=6, place=venue))
    places = _by_key(event)
    assert places[door].status == "green" and places[door].shortfalls == []
    assert places[venue].status == "red"  # no engine at all
    assert sorted(places[venue].shortfalls) == sorted(
        [f"{ground.co2.name}: 4 of 10 missing", f"{ground.engine.name}: 1 of 1 missing"]
    )
    engine = services.create_resource(planning, item(tree, ground.engine, place=venue))
    assert _by_key(event)[venue].status == "amber"  # 6 of 10 extinguishers: more than half
    services.create_resource(
        planning, item(tree, ground.co2, quantity=4, place=venue, expires_on=day(event, 5))
    )
    venue_now = _by_key(event)[venue]
    assert venue_now.status == "amber"  # all there, but four lapse within the window
    assert venue_now.shortfalls == [f"{ground.co2.name}: 4 lapse within 14 days"]
    services.repair_resource(planning, engine, ResourceStatus.OUT_OF_SERVICE)
    assert _by_key(event)[venue].status == "red"
    assert f"{ground.engine.name}: 1 of 1 missing" in _by_key(event)[venue].shortfalls


def test_expired_overdue_and_elsewhere_items_do_not_count(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    door = f"post:{ground.door.pk}"
    levels.set_requirement(planning, ground.radio.pk, door, 3)
    services.create_resource(planning, item(tree, ground.radio, identifier="R-1", place=door))
    late = services.create_resource(
        planning, item(tree, ground.radio, identifier="R-2", place=door)
    )
    Resource.objects.filter(pk=late.pk).update(inspection_due=day(event, -1))
    gone = services.create_resource(
        planning, item(tree, ground.radio, identifier="R-3", place=door)
    )
    Resource.objects.filter(pk=gone.pk).update(expires_on=day(event, -1))
    services.create_resource(
        planning, item(tree, ground.radio, identifier="R-4", place=f"site:{ground.venue.pk}")
    )
    line = _by_key(event)[door].lines[0]
    assert (line.required, line.ready, line.missing, line.status) == (3, 1, 2, "red")


def test_a_minimum_level_is_positive_and_set_once_per_place_and_type(
    planning: Membership, ground: Ground
) -> None:
    door = f"post:{ground.door.pk}"
    for quantity, code in ((-1, "negative_quantity"), (0, "bad_quantity")):
        with pytest.raises(DomainError) as caught:
            levels.set_requirement(planning, ground.radio.pk, door, quantity)
        assert caught.value.code == code
    levels.set_requirement(planning, ground.radio.pk, door, 2)
    levels.set_requirement(planning, ground.radio.pk, door, 5)
    assert list(Requirement.objects.values_list("quantity", flat=True)) == [5]
    with pytest.raises(DomainError, match="site, zone or post"):
        levels.set_requirement(planning, ground.radio.pk, "post:0", 1)


def _posts_with_levels(
    planning: Membership, tree: Tree, ground: Ground, event: Event, start: int, count: int
) -> None:
    for n in range(start, start + count):
        post = Post.objects.create(event=event, name=f"Post {n}", code=f"P{n}", site=ground.venue)
        levels.set_requirement(planning, ground.radio.pk, f"post:{post.pk}", 1)
        levels.set_requirement(planning, ground.co2.pk, f"post:{post.pk}", 2)
        services.create_resource(
            planning, item(tree, ground.radio, identifier=f"RP-{n}", place=f"post:{post.pk}")
        )


def test_the_readiness_page_costs_the_same_queries_for_many_places(
    planning: Membership, tree: Tree, ground: Ground, event: Event, viewer: User,
    client_for: ClientFor, django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    client = client_for(viewer)
    url = reverse("readiness:board", kwargs={"event": event.slug})
    _posts_with_levels(planning, tree, ground, event, 0, 2)
    client.get(url)  # warm: the session, the membership, the language
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _posts_with_levels(planning, tree, ground, event, 2, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('data-status="red"') == 10  # each post: its radio, but no extinguishers
    assert f"{ground.co2.name}: 2 of 2 missing" in page


def test_the_readiness_json_names_each_place_and_its_shortfalls(
    planning: Membership, tree: Tree, ground: Ground, event: Event, viewer: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    door = f"post:{ground.door.pk}"
    levels.set_requirement(planning, ground.engine.pk, door, 1)
    response = client_for(viewer).get(reverse("api:readiness_places", kwargs={"event": event.slug}))
    assert response.status_code == 200
    body = response.json()
    assert body["tally"] == {"green": 0, "amber": 0, "red": 1}
    (place,) = body["places"]
    assert (place["place"], place["kind"], place["status"]) == (door, "post", "red")
    assert place["lines"][0] == {
        "type_id": ground.engine.pk, "type": ground.engine.name, "required": 1, "ready": 0,
        "lapsing": 0, "missing": 1, "status": "red",
    }  # fmt: skip
    assert place["shortfalls"] == [f"{ground.engine.name}: 1 of 1 missing"]
