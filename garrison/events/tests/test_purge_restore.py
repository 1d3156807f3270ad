"""A restore of a copy taken before an event's purge (issue 20, bad input): the people are back,
and Garrison says so — at the restore, which offers to purge again (and does it when told), and on
the event's retention page until the event is purged again, however the copy was put back."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from garrison.accreditation.models import Person
from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM
from garrison.conftest import make_member
from garrison.core import backup
from garrison.core.management.commands import restore as restore_command
from garrison.events.models import Event, PurgeRun
from garrison.events.services import purge
from garrison.events.tests.test_purge import MARK, past_event, seed


@pytest.fixture
def purged_then_restored(
    db: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Any
) -> tuple[Event, Path]:
    """An event purged after a copy was taken, then that copy "restored": the database is put
    back as the copy holds it (the people, no purge run) without moving files in the test."""
    settings.VAR_DIR = tmp_path
    event = past_event()
    seed(event)
    copy = tmp_path / "before.sqlite3"
    backup.backup(copy)
    clock.shift(dt.timedelta(minutes=1))
    run = purge.run_purge(event, SYSTEM)
    assert run is not None and run.finished is not None
    backup.note_purge(event.slug, run.finished)  # as the purge's commit does
    # What the copy holds: the run unknown, the people's names.
    PurgeRun.objects.filter(event=event).delete()
    for person in Person.objects.filter(event=event):
        person.full_name = f"{MARK} again {person.pk}"
        person.save(update_fields=["full_name"])
    monkeypatch.setattr(restore_command, "restore", lambda source, using: None)
    return event, copy


def test_the_restore_names_the_events_purged_after_the_copy_and_purges_them_when_told(
    purged_then_restored: tuple[Event, Path],
) -> None:
    event, copy = purged_then_restored
    out = StringIO()

    call_command("restore", str(copy), "--yes", stdout=out)

    text = out.getvalue()
    assert f"taken before the purge of event {event.slug}" in text
    assert f"garrison purge_personal_data {event.slug} --early" in text
    assert "Not purged again yet" in text
    assert Person.objects.filter(event=event, full_name__contains=MARK).exists()

    out = StringIO()
    call_command("restore", str(copy), "--yes", "--purge-again", stdout=out)

    assert "certificate: audit entry #" in out.getvalue()
    assert not Person.objects.filter(event=event, full_name__contains=MARK).exists()
    assert purge.forgotten_purge(event) is None


def test_the_restore_asks_before_purging_again(
    purged_then_restored: tuple[Event, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    event, copy = purged_then_restored
    answers = iter(["y", "y"])  # replace the database? purge again?
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))

    call_command("restore", str(copy), stdout=StringIO())

    assert PurgeRun.objects.get(event=event).state == PurgeRun.State.DONE
    assert Entry.objects.filter(action=purge.CERTIFICATE, event_id=event.pk).count() == 2


def test_the_retention_page_says_the_event_must_be_purged_again_until_it_is(
    purged_then_restored: tuple[Event, Path], client_for: Any
) -> None:
    event, _copy = purged_then_restored
    client = client_for(make_member(event, "viewer", "viewer-restored"))
    page = f"/e/{event.slug}/retention/"
    assert purge.forgotten_purge(event) is not None

    text = client.get(page).content.decode()
    assert "this database was restored from a copy taken before that" in text
    assert f"garrison purge_personal_data {event.slug} --early" in text

    purge.run_purge(event, SYSTEM, early=True)

    assert "restored from a copy" not in client.get(page).content.decode()


def test_an_event_never_purged_or_purged_here_is_not_flagged(
    db: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    event = past_event()
    assert purge.forgotten_purge(event) is None
    run = purge.run_purge(event, SYSTEM)
    assert run is not None and run.finished is not None
    backup.note_purge(event.slug, run.finished)
    assert purge.forgotten_purge(event) is None
    assert backup.noted_purges() == {event.slug: run.finished.replace(microsecond=0)}
