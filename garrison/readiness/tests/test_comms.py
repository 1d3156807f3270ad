"""The communications plan (ICS 205): channels and talk groups by function, the units on each,
frequencies checked for format, band and step, and the printable form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, Forbidden
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, MembershipOf, Tree
from garrison.readiness.comms import services
from garrison.readiness.comms.models import Channel


def _data(**changes: object) -> services.ChannelData:
    values: dict[str, object] = {
        "number": 1,
        "name": "Chỉ huy 1",
        "function": "command",
        "rx_mhz": "150.2500",
        "rx_tone": "88.5",
    }
    values.update(changes)
    return services.ChannelData(**values)  # type: ignore[arg-type]


def test_a_channel_is_planned_with_its_units_and_audited(planning: Membership, tree: Tree) -> None:
    channel = services.create_channel(
        planning, _data(tx_mhz="155,7500", unit_ids=[tree.police.pk, tree.fire.pk])
    )
    assert (channel.rx_mhz, channel.tx_mhz) == (Decimal("150.2500"), Decimal("155.7500"))
    assert channel.tx_tone == "88.5"  # the transmit tone defaults to the receive tone
    assert set(channel.units.all()) == {tree.police, tree.fire}
    entry = Entry.objects.get(action="readiness.channel.created")
    assert entry.after is not None and entry.after["rx_mhz"] == "150.2500"
    simplex = services.create_channel(planning, _data(number=2, name="TG PCCC", rx_mhz="",
                                                      talk_group="3101", mode="D"))  # fmt: skip
    assert (simplex.rx_mhz, simplex.talk_group) == (None, 3101)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"rx_mhz": "150.25.1"}, "bad_frequency"),
        ({"rx_mhz": "one fifty"}, "bad_frequency"),
        ({"rx_mhz": "15000"}, "bad_frequency"),
        ({"rx_mhz": "25.0000"}, "frequency_out_of_band"),
        ({"rx_mhz": "150.2510"}, "frequency_off_step"),
        ({"tx_mhz": "-150"}, "bad_frequency"),
        ({"rx_tone": "hello"}, "bad_tone"),
        ({"rx_mhz": "", "talk_group": ""}, "no_frequency"),
        ({"rx_mhz": "", "talk_group": "99999999"}, "bad_talk_group"),
        ({"number": 0}, "bad_number"),
        ({"function": "gossip"}, "invalid_choice"),
    ],
)
def test_a_malformed_channel_is_refused_with_its_reason(
    planning: Membership, changes: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_channel(planning, _data(**changes))
    assert caught.value.code == code
    assert not Channel.objects.exists()


def test_a_channel_number_is_used_once_and_other_events_units_are_refused(
    planning: Membership, tree: Tree, other_event: Event
) -> None:
    services.create_channel(planning, _data())
    with pytest.raises(DomainError, match="number_taken"):
        services.create_channel(planning, _data(name="Twice"))
    from garrison.forces.models import Unit

    foreign = Unit.objects.create(event=other_event, name="Theirs", code="X", type="police")
    with pytest.raises(DomainError, match="unknown_unit"):
        services.create_channel(planning, _data(number=2, unit_ids=[foreign.pk]))
    assert Channel.objects.count() == 1


def test_only_the_command_keeps_the_plan(
    police_chief: Membership, viewer: User, event: Event, membership_of: MembershipOf
) -> None:
    for membership in (police_chief, membership_of(viewer, event)):
        with pytest.raises(Forbidden):
            services.create_channel(membership, _data())


def test_the_ics205_page_lists_every_channel_with_its_units(
    planning: Membership, tree: Tree, event: Event, viewer: User, planner: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    services.create_channel(planning, _data(unit_ids=[tree.fire.pk], remarks="Kênh chỉ huy"))
    page = client_for(viewer).get(reverse("readiness:comms_print", kwargs={"event": event.slug}))
    html = page.content.decode()
    assert page.status_code == 200 and "ICS 205" in html
    assert "150.2500" in html and "FIRE" in html and "Kênh chỉ huy" in html
    form = {
        "number": 2,
        "name": "Tactical",
        "function": "tactical",
        "rx_mhz": "451.1030",
        "mode": "A",
    }
    response = client_for(planner).post(
        reverse("readiness:channel_create", kwargs={"event": event.slug}), form
    )
    assert response.status_code == 400 and "6.25 kHz" in response.content.decode()
    response = client_for(planner).post(
        reverse("readiness:channel_create", kwargs={"event": event.slug}),
        {**form, "rx_mhz": "451.1250", "unit_ids": [tree.police.pk]},
    )
    assert response.status_code == 302
    assert list(Channel.objects.get(number=2).units.all()) == [tree.police]
