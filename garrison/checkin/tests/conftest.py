from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.credentials.services import _issue
from garrison.accreditation.models import Category, CategoryGrant, Credential, Person
from garrison.accreditation.tests.url_matrix import make_zone
from garrison.checkin.checkpoints import services as checkpoint_services
from garrison.checkin.models import Checkpoint
from garrison.checkin.scanner import services as scanner_services
from garrison.checkin.scans.services import committer
from garrison.events.models import Event, Zone


@dataclass
class Gate:
    checkpoint: Checkpoint
    token: str

    def client(self) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.token}")


@pytest.fixture
def officer_m(
    members: dict[str, User], event: Event, membership_of: Callable[[User, Event], Membership]
) -> Membership:
    return membership_of(members[Role.ACCREDITATION_OFFICER], event)


@pytest.fixture
def hall(event: Event) -> Zone:
    return make_zone(event, "HALL")


@pytest.fixture
def vip(event: Event) -> Zone:
    return make_zone(event, "VIP")


@pytest.fixture
def delegates(event: Event, hall: Zone) -> Category:
    category = Category.objects.create(event=event, code="DEL", name="Delegate")
    today = timezone.localdate(timezone=event.tzinfo)
    CategoryGrant.objects.create(
        category=category,
        zone=hall,
        first_day=today - dt.timedelta(days=1),
        last_day=today + dt.timedelta(days=1),
    )
    return category


def make_holder(event: Event, category: Category, name: str = "Nguyễn Văn An") -> Credential:
    with transaction.atomic():  # _issue is the services' inner step and expects their transaction
        person = Person.objects.create(
            event=event, category=category, full_name=name, dedupe_key=name.casefold()
        )
        return _issue(event, person)


@pytest.fixture
def badge(event: Event, delegates: Category) -> Credential:
    return make_holder(event, delegates)


def make_gate(officer_m: Membership, zone: Zone, direction: str = "both", name: str = "") -> Gate:
    checkpoint = checkpoint_services.create_checkpoint(
        officer_m,
        checkpoint_services.CheckpointData(
            name or f"Gate {zone.code} {direction}", zone.pk, direction
        ),
    )
    _enrolment, code = scanner_services.start_enrolment(officer_m, checkpoint, "Phone")
    _device, token, _checkpoint = scanner_services.redeem_enrolment(code)
    return Gate(checkpoint, token)


@pytest.fixture
def hall_gate(officer_m: Membership, hall: Zone) -> Gate:
    return make_gate(officer_m, hall)


@pytest.fixture
def fresh_lanes(monkeypatch: pytest.MonkeyPatch) -> committer._Lanes:
    """Lanes that no scan writer reads yet, so a test can fill them before its writer starts
    (``committer._ensure_writer``, or the first scan or upload submitted)."""
    lanes = committer._Lanes()
    monkeypatch.setattr(committer, "_lanes", lanes)
    monkeypatch.setattr(committer, "_started_in", None)
    return lanes
