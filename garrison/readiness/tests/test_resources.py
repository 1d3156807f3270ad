"""The inventory: taking items in, the rules they keep, and their history of assign / return /
check / repair, each written with its audit entry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.core.models import LiveEvent
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, MembershipOf, Tree
from garrison.readiness.models import Action, Resource, ResourceEvent, ResourceStatus
from garrison.readiness.resources import services
from garrison.readiness.tests.conftest import Ground, day, item


def test_an_item_is_taken_in_at_a_place_with_its_history_and_audit(
    planning: Membership, tree: Tree, ground: Ground
) -> None:
    engine = services.create_resource(
        planning, item(tree, ground.engine, place=f"site:{ground.venue.pk}")
    )
    assert (engine.site_id, engine.status) == (ground.venue.pk, ResourceStatus.IN_SERVICE)
    assert [line.action for line in engine.history.all()] == [Action.CREATED]
    entry = Entry.objects.get(action="readiness.resource.created")
    assert entry.after is not None and entry.after["place"] == f"site:{ground.venue.pk}"
    live = LiveEvent.objects.get(kind="readiness.resource.changed")
    assert live.unit_ids == [tree.fire.pk]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"quantity": -3, "identifier": ""}, "negative_quantity"),
        ({"quantity": 2}, "item_quantity"),
        ({"identifier": ""}, "missing_identifier"),
        ({"status": "broken"}, "bad_status"),
        ({"place": "post:999999"}, "unknown_place"),
    ],
)
def test_bad_items_are_refused_with_their_reason(
    planning: Membership, tree: Tree, ground: Ground, changes: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_resource(planning, item(tree, ground.engine, **changes))
    assert caught.value.code == code
    assert (
        not Resource.objects.exists()
        and not Entry.objects.filter(action__startswith="readiness.resource").exists()
    )


def test_expiry_before_purchase_and_negative_stock_are_refused(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    bad_dates = item(
        tree, ground.co2, quantity=10, purchased_on=day(event, 0), expires_on=day(event, -1)
    )
    with pytest.raises(DomainError, match="expiry date is before the purchase date"):
        services.create_resource(planning, bad_dates)
    with pytest.raises(DomainError, match="cannot be negative"):
        services.create_resource(planning, item(tree, ground.co2, quantity=-1))
    assert not Resource.objects.exists()


def test_an_identifier_is_one_item_in_the_event(
    planning: Membership, tree: Tree, ground: Ground
) -> None:
    services.create_resource(planning, item(tree, ground.engine, identifier="29A-001"))
    with pytest.raises(DomainError) as caught:
        services.create_resource(planning, item(tree, ground.engine, identifier=" 29A-001 "))
    assert caught.value.code == "identifier_taken"


def test_out_of_service_or_expired_items_cannot_be_assigned(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    broken = services.create_resource(planning, item(tree, ground.engine))
    services.repair_resource(planning, broken, ResourceStatus.OUT_OF_SERVICE, "pump seized")
    with pytest.raises(DomainError) as caught:
        services.assign_resource(planning, broken, f"post:{ground.door.pk}")
    assert caught.value.code == "not_in_service"
    assert "out of service" in str(caught.value.message)
    stale = services.create_resource(
        planning, item(tree, ground.co2, quantity=4, expires_on=day(event, -2))
    )
    with pytest.raises(DomainError) as caught:
        services.assign_resource(planning, stale, f"post:{ground.door.pk}")
    assert caught.value.code == "expired"
    # Nor can one be taken in straight to a place.
    with pytest.raises(DomainError, match="expired"):
        services.create_resource(
            planning,
            item(
                tree,
                ground.co2,
                quantity=4,
                expires_on=day(event, -2),
                place=f"site:{ground.venue.pk}",
            ),
        )
    assert Resource.objects.filter(post__isnull=False).count() == 0


def test_assign_return_check_and_repair_each_write_a_line(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    radio = services.create_resource(planning, item(tree, ground.radio, identifier="R-7"))
    services.assign_resource(planning, radio, f"post:{ground.door.pk}", "for the door team")
    radio.refresh_from_db()
    assert radio.post_id == ground.door.pk
    services.check_resource(planning, radio, "fair", day(event, 30), "battery weak")
    services.repair_resource(planning, radio, ResourceStatus.MAINTENANCE)
    services.return_resource(planning, radio)
    radio = Resource.objects.get(pk=radio.pk)
    assert (radio.post_id, radio.condition, radio.status) == (None, "fair", "maintenance")
    assert radio.inspection_due == day(event, 30)
    actions = list(
        ResourceEvent.objects.filter(resource=radio).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["created", "assigned", "checked", "repaired", "returned"]
    assigned = ResourceEvent.objects.get(resource=radio, action="assigned")
    assert assigned.place == str(ground.door) and assigned.note == "for the door team"
    assert Entry.objects.filter(action__startswith="readiness.resource.").count() == 5


def test_a_check_cannot_set_the_next_inspection_in_the_past(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    radio = services.create_resource(planning, item(tree, ground.radio, identifier="R-8"))
    with pytest.raises(DomainError, match="before today"):
        services.check_resource(planning, radio, "good", day(event, -1))


def test_only_the_command_keeps_the_inventory(
    planning: Membership, police_chief: Membership, tree: Tree, ground: Ground, viewer: User,
    event: Event, membership_of: MembershipOf,
) -> None:  # fmt: skip
    radio = services.create_resource(planning, item(tree, ground.radio, identifier="R-9"))
    for membership in (police_chief, membership_of(viewer, event)):
        with pytest.raises(Forbidden):
            services.create_resource(membership, item(tree, ground.radio, identifier="R-10"))
        with pytest.raises(Forbidden):
            services.return_resource(membership, radio)


def test_a_unit_commander_sees_only_their_units_items(
    planning: Membership, tree: Tree, ground: Ground, police_commander: User, client_for: ClientFor,
    event: Event,
) -> None:  # fmt: skip
    theirs = services.create_resource(
        planning, item(tree, ground.radio, identifier="POL-1", owner_unit_id=tree.team_a.pk)
    )
    fire = services.create_resource(planning, item(tree, ground.radio, identifier="FIRE-1"))
    client = client_for(police_commander)
    listing = client.get(reverse("readiness:resources", kwargs={"event": event.slug}))
    assert "POL-1" in listing.content.decode() and "FIRE-1" not in listing.content.decode()
    url = "readiness:resource"
    assert (
        client.get(reverse(url, kwargs={"event": event.slug, "pk": theirs.pk})).status_code == 200
    )
    assert client.get(reverse(url, kwargs={"event": event.slug, "pk": fire.pk})).status_code == 404


def test_the_item_page_shows_why_an_assignment_is_refused(
    planning: Membership, tree: Tree, ground: Ground, planner: User, client_for: ClientFor,
    event: Event,
) -> None:  # fmt: skip
    engine = services.create_resource(planning, item(tree, ground.engine))
    services.repair_resource(planning, engine, ResourceStatus.OUT_OF_SERVICE)
    client = client_for(planner)
    url = reverse("readiness:resource_assign", kwargs={"event": event.slug, "pk": engine.pk})
    response = client.post(url, {"place": f"post:{ground.door.pk}"})
    assert response.status_code == 400
    assert "only an item in service can be assigned" in response.content.decode()
    create = reverse("readiness:resource_create", kwargs={"event": event.slug})
    form = {"type_id": ground.co2.pk, "quantity": -5, "owner_unit_id": tree.fire.pk,
            "status": "in_service", "condition": "good"}  # fmt: skip
    response = client.post(create, form)
    assert response.status_code == 400 and "cannot be negative" in response.content.decode()
    response = client.post(create, {**form, "quantity": 12})
    assert response.status_code == 302
    assert Resource.objects.get(type=ground.co2).quantity == 12
