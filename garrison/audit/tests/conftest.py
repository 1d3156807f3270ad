"""Audit test fixtures: a small chain, tampering, and transactional tests the triggers survive."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from pytest_django.plugin import blocking_manager_key

from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM, Actor, record
from garrison.audit.testing import drop_triggers, install_triggers


def append(n: int, *, event_id: int | None = None, actor: Actor = SYSTEM) -> list[Entry]:
    """``n`` entries through the service, one transaction each, as services write them."""
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(
                record(
                    actor,
                    "test.thing.changed",
                    event_id=event_id,
                    object_type="test.thing",
                    object_id=str(i),
                    object_repr=f"Thing {i}",
                    before={"n": i},
                    after={"n": i + 1, "name": "Thing ✓"},
                )
            )
    return entries


@pytest.fixture
def chain(db: Any) -> list[Entry]:
    """Five entries, seq 1–5."""
    return append(5)


@pytest.fixture
def untriggered(db: Any) -> None:
    """The triggers dropped for this test only: the test's transaction rolls the DDL back."""
    drop_triggers(connection)


@pytest.fixture
def audit_transactional_db(transactional_db: Any) -> Iterator[None]:
    """``transactional_db`` for tests that write audit entries.

    The flush that empties the tables after such a test is refused by the triggers; they are
    dropped just before it and reinstalled by ``pytest_runtest_teardown`` below, just after.
    """
    yield
    drop_triggers(connection)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    try:
        yield
    finally:
        if "audit_transactional_db" in getattr(item, "fixturenames", ()):
            with item.config.stash[blocking_manager_key].unblock():
                install_triggers(connection)
