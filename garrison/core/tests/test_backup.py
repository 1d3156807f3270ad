"""Backup and restore (docs/security.md #14): a copy taken while the server writes restores with
every row committed before it began, and the restored audit chain verifies."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from garrison.audit.services import SYSTEM, record
from garrison.events.models import Event, Site, SiteKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def restored(tmp_path: Path) -> Iterator[str]:
    """DATABASE_URL of a second, empty database: a file on SQLite, a new database on PostgreSQL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"garrison_restore_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{name}"
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def garrison(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``garrison`` command as an operator would, against another database."""
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "garrison.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def restored_site_ids(database_url: str) -> set[int]:
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return {row[0] for row in db.execute("SELECT id FROM events_site")}
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        return {row[0] for row in db.execute("SELECT id FROM events_site")}


def _write_until(stop: threading.Event, event: Event, committed: list[int]) -> None:
    try:
        n = 0
        while not stop.is_set():
            n += 1
            with transaction.atomic():
                site = Site.objects.create(
                    event=event, name=f"Site {n}", kind=SiteKind.OTHER, lat=21.02, lon=105.85
                )
                record(SYSTEM, "events.site.created", site, event_id=event.pk, after={"n": n})
            committed.append(site.pk)  # only after the commit returned
    finally:
        connections.close_all()


def test_a_copy_taken_during_writes_restores_every_committed_row(
    event: Event, tmp_path: Path, restored: str
) -> None:
    committed: list[int] = []
    stop = threading.Event()
    writer = threading.Thread(target=_write_until, args=(stop, event, committed))
    writer.start()
    try:
        while len(committed) < 20 and writer.is_alive():
            threading.Event().wait(0.01)
        before = set(committed)
        copy = tmp_path / "garrison.backup"
        call_command("backup", str(copy), stdout=_Sink())
    finally:
        stop.set()
        writer.join(timeout=30)
    assert before, "the writer never committed"

    done = garrison(restored, "restore", str(copy), "--yes")
    assert done.returncode == 0, done.stderr

    assert before <= restored_site_ids(restored)
    verified = garrison(restored, "audit_verify")
    assert verified.returncode == 0, verified.stderr
    assert "audit chain intact" in verified.stdout


def test_restoring_a_file_that_is_not_a_backup_says_so(tmp_path: Path, restored: str) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    refused = garrison(restored, "restore", str(junk), "--yes")
    assert refused.returncode != 0
    assert "CommandError" in refused.stderr or "junk.backup" in refused.stderr
    missing = garrison(restored, "restore", str(tmp_path / "missing"), "--yes")
    assert missing.returncode != 0
    assert "is not a file" in missing.stderr


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass
