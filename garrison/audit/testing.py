"""Test support: take the append-only triggers away and put them back.

Tests that tamper with the log "behind the service's back" drop the triggers inside their own
transaction (rolled back afterwards, DDL included, on SQLite and PostgreSQL alike).

Transactional tests (``django_db(transaction=True)``) need more: their teardown empties every
table — ``DELETE`` on SQLite, ``TRUNCATE`` on PostgreSQL — which the triggers refuse. Such a test
drops the triggers before that flush and reinstalls them after it; see
``garrison/audit/tests/conftest.py`` for the fixture and hook that do it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from django.db.backends.base.base import BaseDatabaseWrapper


def _migration() -> ModuleType:
    # The module name starts with a digit, so it cannot be imported with a plain ``import``.
    return importlib.import_module("garrison.audit.migrations.0002_append_only_triggers")


def _statements(connection: BaseDatabaseWrapper, *, up: bool) -> list[str]:
    module = _migration()
    by_vendor: dict[str, list[str]] = {
        "sqlite": module.SQLITE_UP if up else module.SQLITE_DOWN,
        "postgresql": module.POSTGRES_UP if up else module.POSTGRES_DOWN,
    }
    return by_vendor.get(connection.vendor, [])


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in _statements(connection, up=False):
            cursor.execute(sql)


def install_triggers(connection: BaseDatabaseWrapper) -> None:
    """(Re)install the triggers exactly as the migration does; safe when they already exist."""
    with connection.cursor() as cursor:
        for sql in _statements(connection, up=False) + _statements(connection, up=True):
            cursor.execute(sql)


def trigger_names(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = 'audit_entry'::regclass AND NOT tgisinternal"
            )
        return {row[0] for row in cursor.fetchall()}
