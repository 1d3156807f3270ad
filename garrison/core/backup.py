"""Online backup and restore of the whole database (docs/security.md #14).

A copy is taken while Garrison keeps writing, and holds every transaction committed before the
copy began:

- SQLite: the engine's online backup API copies the database page by page under one read
  transaction, so the copy is a consistent snapshot even in WAL mode with writers running.
- PostgreSQL: ``pg_dump`` (custom format) reads everything in one repeatable-read snapshot;
  ``pg_restore`` loads it back.

Every copy written is noted in ``var/backups.jsonl`` (its file and when it was taken): a purge of
an event's personal data lists the copies taken before it (``backups_before``), which still hold
that data, so that an operator destroys them (the README says how). Each finished purge is noted
in ``var/purges.jsonl`` beside it, outside the database: a restored copy taken before a purge
does not know of it, and the restore says which events to purge again (``purged_after``); the
event's retention page says it too, however the copy came back (``noted_purges``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone


class BackupError(Exception):
    """The copy or the restore could not be made; the message says why."""


def _settings(using: str) -> dict[str, Any]:
    return dict(connections[using].settings_dict)


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # not on the command line, where ps shows it
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def backup(dest: Path, using: str = "default") -> None:
    """Write a consistent copy of the database ``using`` to ``dest``."""
    connection = connections[using]
    dest.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(str(_settings(using)["NAME"]), timeout=30)
        target = sqlite3.connect(str(dest))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    elif connection.vendor == "postgresql":
        db = _settings(using)
        args, env = _pg_env(db)
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
            [_tool("pg_dump"), *args, "--format=custom", "--file", str(dest), str(db["NAME"])],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_dump failed")
    else:
        raise BackupError(f"no backup method for the {connection.vendor} database engine")
    _note(dest)


def _journal(name: str) -> Path:
    return Path(settings.VAR_DIR) / name


def _append(name: str, line: dict[str, str]) -> None:
    with _journal(name).open("a", encoding="utf-8") as journal:
        journal.write(json.dumps(line) + "\n")


def _read(name: str, time_key: str) -> list[tuple[dt.datetime, dict[str, str]]]:
    try:
        lines = _journal(name).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        try:
            noted = json.loads(line)
            found.append((dt.datetime.fromisoformat(noted[time_key]), noted))
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by a crash: the others still count
    return found


def _note(dest: Path) -> None:
    now = timezone.now().isoformat(timespec="seconds")
    _append("backups.jsonl", {"file": str(dest.resolve()), "taken": now})


def backups_before(moment: dt.datetime) -> list[dict[str, str]]:
    """The copies noted as taken before ``moment`` whose file is still there, oldest first:
    {"file": path, "taken": ISO time}. A copy moved off the machine is the operator's to track."""
    return [
        {"file": str(noted["file"]), "taken": noted["taken"]}
        for taken, noted in _read("backups.jsonl", "taken")
        if taken < moment and Path(noted["file"]).exists()
    ]


def note_purge(event: str, finished: dt.datetime) -> None:
    """Note that the event (its short name) had its personal data purged at ``finished``."""
    _append("purges.jsonl", {"event": event, "finished": finished.isoformat(timespec="seconds")})


def taken_at(copy: Path) -> dt.datetime:
    """When the copy at ``copy`` was taken: as noted, else its file's time."""
    path = str(copy.resolve())
    noted = [taken for taken, line in _read("backups.jsonl", "taken") if line["file"] == path]
    if noted:
        return noted[-1]
    return dt.datetime.fromtimestamp(copy.stat().st_mtime, tz=dt.UTC)


def purged_after(moment: dt.datetime) -> list[dict[str, str]]:
    """The purges noted as finished after ``moment``: {"event": short name, "finished": time}."""
    return [noted for finished, noted in _read("purges.jsonl", "finished") if finished > moment]


def noted_purges() -> dict[str, dt.datetime]:
    """Each event's (short name's) last purge as noted outside the database."""
    last: dict[str, dt.datetime] = {}
    for finished, noted in _read("purges.jsonl", "finished"):
        event = str(noted.get("event", ""))
        if event and (event not in last or finished > last[event]):
            last[event] = finished
    return last


def restore(source: Path, using: str = "default") -> None:
    """Replace the contents of the database ``using`` with the copy at ``source``.

    Run it with the server stopped: the restore replaces every table.
    """
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.close()
        copy = sqlite3.connect(str(source))
        target = sqlite3.connect(str(_settings(using)["NAME"]), timeout=30)
        try:
            if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise BackupError(f"{source} is not an intact SQLite database")
            with target:
                copy.backup(target)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source} is not an SQLite database: {exc}") from exc
        finally:
            target.close()
            copy.close()
    elif connection.vendor == "postgresql":
        connection.close()
        db = _settings(using)
        args, env = _pg_env(db)
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                str(db["NAME"]),
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(result.stderr.strip() or "pg_restore failed")
    else:
        raise BackupError(f"no restore method for the {connection.vendor} database engine")
