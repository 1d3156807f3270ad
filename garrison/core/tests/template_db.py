"""The test database is migrated once per run and copied for each pytest-xdist worker.

Migrating an empty database through every app's migrations costs seconds of CPU, and each worker
used to do it. Under xdist the controller process now makes one template database (on SQLite from
the models, ``schema_from_models.py``; on PostgreSQL by migrating), in a thread
while the workers start up and collect, and each worker copies it with Django's own
``clone_test_db`` (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL). The copy
then goes through pytest-django's usual start as an existing test database (its ``keepdb`` path:
``migrate`` finds nothing to apply, so it also checks that the copy is up to date).

Without xdist, with ``--reuse-db``, or when the template could not be made (the workers then meet
the same error themselves, reported as usual), each process creates its database as before.
"""

from __future__ import annotations

import fcntl
import json
import threading
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import IO, Any

import pytest
from django.conf import settings
from django.db import connections
from pytest_django import DjangoDbBlocker
from pytest_django.plugin import blocking_manager_key

from garrison.core.tests import schema_from_models

WORKER_INPUT = "garrison_test_db_template"


def _paths() -> tuple[Path, Path]:
    var = Path(settings.VAR_DIR)
    return var / "test-template.lock", var / "test-template.json"


def _forget_sqlite_log(alias: str, name: str) -> None:
    """Remove what SQLite keeps beside a database file it no longer uses.

    A connection still open when its process ends (a test's stray thread) leaves the
    write-ahead log behind; a later database at the same path would replay it as its own.
    """
    if connections[alias].vendor == "sqlite":
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)


class _Template:
    """The controller's side: make the template in a thread, drop it when the run ends.

    The lock is taken before the workers exist and released when the template is ready (or has
    failed), so a worker that asks for its database first waits for it.
    """

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        lock_path, self.ready_path = _paths()
        self.lock: IO[str] | None = lock_path.open("w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        self.ready_path.unlink(missing_ok=True)
        self.originals: dict[str, str] = {}
        self.thread = threading.Thread(target=self._create, name="test-db-template", daemon=True)
        self.thread.start()

    def _create(self) -> None:
        blocker = self.config.stash[blocking_manager_key]
        try:
            names: dict[str, str] = {}
            with blocker.unblock():
                for alias in settings.DATABASES:
                    connection = connections[alias]
                    original = connection.settings_dict["NAME"]
                    test_name = connection.settings_dict["TEST"]["NAME"]
                    if test_name:
                        _forget_sqlite_log(alias, test_name)
                    if schema_from_models.wanted(connection):
                        names[alias] = schema_from_models.create_test_db(connection)
                    else:
                        names[alias] = connection.creation.create_test_db(
                            verbosity=0, autoclobber=True, serialize=False
                        )
                    self.originals[alias] = original
                    if connection.vendor == "sqlite":
                        # Every row into the file itself: the copies are of the file alone.
                        with connection.cursor() as cursor:
                            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    connection.close()
            self.ready_path.write_text(json.dumps(names))
        finally:
            connections.close_all()
            self._release()

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None

    def drop(self) -> None:
        self.thread.join()
        if not self.ready_path.exists():
            return
        self.ready_path.unlink()
        with self.config.stash[blocking_manager_key].unblock():
            for alias, original in self.originals.items():
                template = connections[alias].settings_dict["NAME"]
                # Already gone (removed by hand, or by another run in the same directory) is
                # what dropping it would achieve: the run's result stands.
                with suppress(FileNotFoundError):
                    connections[alias].creation.destroy_test_db(original, verbosity=0)
                _forget_sqlite_log(alias, template)


_template: _Template | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    global _template
    config = session.config
    # Only the xdist controller: its own pytest_sessionstart (trylast) starts the workers.
    distributed = config.pluginmanager.getplugin("dsession") is not None
    if distributed and not hasattr(config, "workerinput") and not config.getvalue("reuse_db"):
        _template = _Template(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    if _template is not None:
        node.workerinput[WORKER_INPUT] = True


def pytest_sessionfinish(session: pytest.Session) -> None:
    # The workers have finished (and dropped their copies) when the controller's session ends.
    if _template is not None:
        _template.drop()


def cloned_databases(config: pytest.Config, blocker: DjangoDbBlocker) -> Iterator[bool]:
    """A worker's side: copy the template and name the copy as this worker's test database.

    Yields whether it did; afterwards drops the copy (pytest-django keeps a database it was
    given as existing).
    """
    worker = getattr(config, "workerinput", {})
    if not worker.get(WORKER_INPUT) or config.getvalue("reuse_db"):
        yield False
        return
    lock_path, ready_path = _paths()
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # until the template is ready; copies one at a time
        templates: dict[str, str] = (
            json.loads(ready_path.read_text()) if ready_path.exists() else {}
        )
        originals: dict[str, str] = {}
        with blocker.unblock():
            for alias, template in templates.items():
                db = connections[alias].settings_dict
                originals[alias] = db["NAME"]
                db["NAME"] = template
                creation = connections[alias].creation
                clone = creation.get_test_db_clone_settings(worker["workerid"])["NAME"]
                _forget_sqlite_log(alias, clone)
                creation.clone_test_db(suffix=worker["workerid"], verbosity=0)
                db["TEST"]["NAME"] = clone
                db["NAME"] = originals[alias]
    yield bool(originals)
    with blocker.unblock():
        for alias, original in originals.items():
            clone = connections[alias].settings_dict["NAME"]
            connections[alias].creation.destroy_test_db(original, verbosity=0)
            _forget_sqlite_log(alias, clone)
