"""The test template's tables made from the models, not by replaying every migration.

Replaying 97 migrations renders the project's state again after each operation: about 8 s of
CPU at the start of every run, while the workers wait for the template. The same tables come
from the models in well under a second. What Garrison's migrations do beyond tables is applied
after: every ``RunSQL`` and ``RunPython`` step, in migration order (the audit log's append-only
triggers, the seeds); the other packages' steps only rewrite rows that an older version of them
left, and a new database has none. Every migration is then recorded as applied, so the workers'
``migrate`` finds nothing to do.

That the models and the migrations describe the same schema is its own test
(``test_migrations.py``: ``makemigrations --check``). The migrations themselves still run in
full wherever they matter: on PostgreSQL (CI's second suite), in ``make demo``, and in the
production-topology script; ``GARRISON_TEST_MIGRATE=1`` makes this run replay them too.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder


def wanted(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "sqlite" and not os.environ.get("GARRISON_TEST_MIGRATE")


class _NoMigrations:
    """``MIGRATION_MODULES`` under which every app is unmigrated: ``migrate`` then creates each
    app's tables straight from its models (its ``run_syncdb`` path)."""

    def __contains__(self, app_label: str) -> bool:
        return True

    def __getitem__(self, app_label: str) -> None:
        return None


@contextmanager
def _migrations_off() -> Iterator[None]:
    before = settings.MIGRATION_MODULES
    settings.MIGRATION_MODULES = _NoMigrations()
    try:
        yield
    finally:
        settings.MIGRATION_MODULES = before


def create_test_db(connection: BaseDatabaseWrapper) -> str:
    """Create ``connection``'s test database from the models; returns its name."""
    with _migrations_off():
        name: str = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
    executor = MigrationExecutor(connection)
    plan = [
        migration
        for migration, _backwards in executor.migration_plan(
            executor.loader.graph.leaf_nodes(), clean_start=True
        )
    ]
    # The state these steps see is the final one: a step written against an older model would
    # fail here, loudly, rather than run against a table that differs from what it expects.
    state: Any = SimpleNamespace(apps=apps, clear_delayed_apps_cache=lambda: None)
    with connection.schema_editor(atomic=True) as editor:
        for migration in plan:
            if not apps.get_app_config(migration.app_label).name.startswith("garrison."):
                continue  # other packages' steps only rewrite rows an older version left
            for operation in migration.operations:
                if isinstance(operation, migrations.RunSQL | migrations.RunPython):
                    operation.database_forwards(migration.app_label, editor, state, state)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    recorder.migration_qs.bulk_create(
        recorder.Migration(app=migration.app_label, name=migration.name) for migration in plan
    )
    return name
