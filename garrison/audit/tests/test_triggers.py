"""docs/security.md #12: the database itself refuses to change or remove audit rows."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from garrison.audit.models import Entry
from garrison.audit.testing import drop_triggers, install_triggers, trigger_names


def _refused(sql: str, params: list[int] | None = None) -> None:
    # The savepoint keeps a refused statement from poisoning the test's transaction on PostgreSQL.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params or [])


def test_raw_update_is_refused(chain: list[Entry]) -> None:
    _refused("UPDATE audit_entry SET action = 'x'")
    _refused("UPDATE audit_entry SET after = NULL WHERE id = %s", [chain[2].pk])
    assert set(Entry.objects.values_list("action", flat=True)) == {"test.thing.changed"}


def test_raw_delete_is_refused(chain: list[Entry]) -> None:
    _refused("DELETE FROM audit_entry")
    _refused("DELETE FROM audit_entry WHERE id = %s", [chain[-1].pk])
    assert Entry.objects.count() == 5


def test_orm_update_delete_and_save_are_refused(chain: list[Entry]) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.filter(pk=chain[0].pk).update(actor_label="someone else")
    with pytest.raises(DatabaseError), transaction.atomic():
        Entry.objects.all().delete()
    entry = Entry.objects.get(pk=chain[1].pk)
    entry.object_repr = "rewritten"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    assert Entry.objects.get(pk=chain[1].pk).object_repr == "Thing 1"
    assert Entry.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is a PostgreSQL statement")
def test_truncate_is_refused_on_postgresql(chain: list[Entry]) -> None:
    _refused("TRUNCATE audit_entry")
    assert Entry.objects.count() == 5


def test_triggers_can_be_reinstalled_idempotently(db: None) -> None:
    installed = trigger_names(connection)
    assert installed  # the migration put them there
    drop_triggers(connection)
    assert trigger_names(connection) == set()
    install_triggers(connection)
    install_triggers(connection)
    assert trigger_names(connection) == installed
