"""The ``garrison`` console script: Django's manage.py for this project."""

from __future__ import annotations

import os
import sys

NOT_MIGRATED = (
    "garrison: the database has no tables for this yet (migrations not applied).\n"
    "Run `garrison migrate` first, then run this command again.\n"
)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(argv or sys.argv)
    except DatabaseError:
        # A command run before `migrate` (say `garrison route` on a new checkout) fails on its
        # first query with "no such table"; say what to run instead of printing a traceback.
        # Any other database error is a real one and goes out as it came.
        if not _migrations_pending():
            raise
        sys.stderr.write(NOT_MIGRATED)
        raise SystemExit(2) from None


def _migrations_pending() -> bool:
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        connection.close()  # a failed query may have left the connection unusable
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError:
        return False


if __name__ == "__main__":
    main()
