from __future__ import annotations

from collections.abc import Callable

import pytest

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.models import Category
from garrison.accreditation.tests.url_matrix import make_zone
from garrison.events.models import Event, Zone


@pytest.fixture
def officer(members: dict[str, User]) -> User:
    return members[Role.ACCREDITATION_OFFICER]


@pytest.fixture
def officer_m(
    officer: User, event: Event, membership_of: Callable[[User, Event], Membership]
) -> Membership:
    return membership_of(officer, event)


@pytest.fixture
def hall(event: Event) -> Zone:
    return make_zone(event, "HALL")


@pytest.fixture
def press_area(event: Event) -> Zone:
    return make_zone(event, "PRESS")


@pytest.fixture
def delegate(event: Event) -> Category:
    return Category.objects.create(event=event, code="DEL", name="Delegate")
