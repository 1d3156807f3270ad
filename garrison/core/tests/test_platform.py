"""Platform behaviour: security headers, body limits, logging hygiene, settings helpers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.test import Client

from garrison.accounts.models import User
from garrison.core.env import ConfigError, env_bool, env_int, env_secret
from garrison.core.logging import EscapeNewlinesFilter
from garrison.events.models import Event


def test_pages_carry_security_headers(db: object) -> None:
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_behind_login_are_not_cached(event: Event, viewer: User, client_for: object) -> None:
    client = Client()
    client.force_login(viewer)
    response = client.get(f"/e/{event.slug}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_refuses_an_oversized_json_body_with_413(db: object) -> None:
    body = b'{"a": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    response = Client().generic("POST", "/api/v1/events/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_it_answers_a_bad_content_length_with_400(db: object) -> None:
    response = Client().generic("POST", "/healthz", b"", CONTENT_LENGTH="lots")
    assert response.status_code == 400


def test_unknown_pages_answer_404_in_the_shell(db: object) -> None:
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    assert b"Garrison" in response.content


def test_log_lines_stay_on_one_line() -> None:
    record = logging.LogRecord(
        "x", logging.WARNING, __file__, 1, "login failed for %s", ("eve\nFAKE ENTRY",), None
    )
    EscapeNewlinesFilter().filter(record)
    assert "\n" not in record.getMessage()
    assert "eve\\nFAKE ENTRY" in record.getMessage()


def test_env_helpers_parse_and_refuse(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("G_FLAG", "yes")
    monkeypatch.setenv("G_NUM", "12")
    assert env_bool("G_FLAG") is True
    assert env_int("G_NUM", 3) == 12
    monkeypatch.setenv("G_FLAG", "perhaps")
    with pytest.raises(ConfigError):
        env_bool("G_FLAG")
    monkeypatch.delenv("G_SECRET", raising=False)
    with pytest.raises(ConfigError):
        env_secret("G_SECRET", fallback_file=None)
    first = env_secret("G_SECRET", fallback_file=tmp_path / "key")
    assert first == env_secret("G_SECRET", fallback_file=tmp_path / "key")
    assert (tmp_path / "key").stat().st_mode & 0o077 == 0


def test_sqlite_runs_in_wal_with_full_sync(db: object) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite pragmas apply only to the SQLite backend")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()
        cursor.execute("PRAGMA synchronous")
        sync = cursor.fetchone()
    assert journal is not None and journal[0] == "wal"
    assert sync is not None and sync[0] == 2  # FULL
