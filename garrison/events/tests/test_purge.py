"""The purge of an event's personal data (docs/security.md #24): everything its people left is
gone from every table, the journal and the media directory, while counts, scans, incidents and
the audit chain stay; a second run finds nothing; an interrupted run resumes; one certificate.

The event is seeded with marker strings (names, phones, e-mails, and words in free text: tips,
notes, comments, minutes), marker bytes in photos and PDFs and a marker position where a patrol
scanned a plaque, and the proof is a search of every text, binary and number column of every
table for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from garrison.accounts.models import Device, User
from garrison.accreditation.credentials.services import _issue
from garrison.accreditation.credentials.verify import valid_credentials
from garrison.accreditation.models import (
    BadgeJob,
    Category,
    CategoryGrant,
    Credential,
    ImportBatch,
    Person,
)
from garrison.accreditation.tests.images import jpeg
from garrison.accreditation.tests.url_matrix import make_zone
from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM, Actor
from garrison.audit.verify import verify_chain
from garrison.checkin.models import Checkpoint, Enrolment, Scan
from garrison.conftest import NOW, make_member
from garrison.core import backup
from garrison.core.models import LiveEvent
from garrison.core.personal import REMOVED
from garrison.core.services import queue
from garrison.events.models import Event, PurgeRun, RetentionPolicy
from garrison.events.retention import KIND_KEYS
from garrison.events.services import purge
from garrison.forces.models import ForceMember, Unavailability, Unit
from garrison.ops.models import (
    Incident,
    IncidentPhoto,
    IncidentTransition,
    Note,
    TipThrottle,
    UnitNote,
)
from garrison.ops.tips.services import TipData, receive_tip
from garrison.patrols.models import Point, Visit
from garrison.planning.models import Inspection, InspectionItem, Meeting, Task, TaskComment

PEOPLE = 7
MARK = "Zyxquorn"  # in every seeded personal value: a word found nowhere else
PHOTO_MARK = b"\x00PHOTO-MARKER-7f3a9c\x00"
PDF_MARK = b"%PDF-1.4 BADGE-MARKER-5e1d"
# Where a field officer's phone was when it scanned a plaque: a number found nowhere else.
LAT_MARK, LON_MARK = 21.0271828, 105.8314159


def names(i: int) -> dict[str, str]:
    return {
        "full_name": f"Nguyen {MARK} An {i}",
        "organisation": f"{MARK} Province Committee {i}",
        "phone": f"+84 90{i:02d} {MARK} 555",
        "email": f"an{i}.{MARK.lower()}@example.vn",
    }


def past_event(slug: str = "congress-past") -> Event:
    """An event that ended 40 days before the suite's day: its default purge date has passed."""
    return Event.objects.create(
        slug=slug,
        name="Past congress",
        starts_on=NOW.date() - dt.timedelta(days=42),
        ends_on=NOW.date() - dt.timedelta(days=40),
    )


def seed(event: Event) -> dict[str, Any]:
    """People with photos and badges, scans at a gate, tips with contacts and photos, a badge
    PDF, an import, members, a scanner phone named after its guard, a meeting."""
    zone = make_zone(event, "HALL")
    category = Category.objects.create(event=event, code="DEL", name="Delegate")
    CategoryGrant.objects.create(
        category=category, zone=zone, first_day=event.starts_on, last_day=event.ends_on
    )
    people = []
    for i in range(PEOPLE):
        n = names(i)
        people.append(
            Person.objects.create(
                event=event,
                category=category,
                full_name=n["full_name"],
                organisation=n["organisation"],
                position="Delegate",
                ref=f"{MARK}-{i}",
                dedupe_key=f"{n['full_name'].casefold()}|{n['organisation'].casefold()}",
                search_name=f"{n['full_name'].casefold()}\n{n['organisation'].casefold()}",
                photo=jpeg() + PHOTO_MARK,
                photo_sha256="cd" * 32,
            )
        )
    credentials = [_issue(event, person) for person in people]
    device = Device.objects.create(
        event=event, name=f"Phone of {MARK} Binh", token_hash=uuid.uuid4().hex, token_prefix="gd_"
    )
    gate = Checkpoint.objects.create(event=event, zone=zone, name="North gate", direction="both")
    officer = make_member(event, "accreditation_officer", f"officer-{event.slug}")
    Enrolment.objects.create(
        event=event,
        checkpoint=gate,
        name=f"{MARK} Binh's phone",
        code_hash=uuid.uuid4().hex,
        created_by=officer,
        expires_at=timezone.now(),
        device=device,
    )
    Scan.objects.bulk_create(
        Scan(
            event=event,
            client_id=uuid.uuid4(),
            device=device,
            checkpoint=gate,
            zone=zone,
            direction="entry",
            serial=credentials[i % PEOPLE].serial,
            version=1,
            result="ok",
            scanned_at=timezone.now(),
        )
        for i in range(20)
    )
    BadgeJob.objects.create(
        event=event, layout="a6", state="done", pdf=PDF_MARK * 10, heartbeat=timezone.now()
    )
    ImportBatch.objects.create(
        event=event,
        created_by=officer,
        filename=f"{MARK}-delegates.xlsx",
        rows=[{"row": 2, "full_name": names(0)["full_name"], "category": category.pk}],
        problems=[{"row": 3, "name": names(1)["full_name"], "reasons": ["no category"]}],
    )
    unit = Unit.objects.create(event=event, name="Guard company", code="GC", type="police")
    member = ForceMember.objects.create(
        event=event, unit=unit, full_name=names(3)["full_name"], contact=names(3)["phone"]
    )
    Unavailability.objects.create(
        member=member,
        starts_at=timezone.now(),
        ends_at=timezone.now() + dt.timedelta(hours=4),
        reason=f"{MARK} family matter",
    )
    meeting = Meeting.objects.create(
        event=event,
        title="Briefing",
        held_at=timezone.now(),
        other_attendees=names(4)["full_name"],
        minutes=f"{MARK} Hoa reported the side gate open",
    )
    seed_free_text(event, unit, officer, meeting)
    point = Point.objects.create(event=event, serial=1, name="Side gate", lat=21.03, lon=105.83)
    Visit.objects.create(
        event=event,
        client_id=uuid.uuid4(),
        point=point,
        scanned_at=timezone.now(),
        received_at=timezone.now(),
        lat=LAT_MARK,
        lon=LON_MARK,
        accuracy_m=7.25,
        distance_m=12.0,
    )
    for i in range(2):
        tip = receive_tip(
            event,
            TipData(
                what=f"A bag left by the east door, said {MARK} Lan",
                where="East door",
                contact=f"{names(5 + i)['phone']} {names(5 + i)['email']}",
                photo=jpeg((64 + i, 64)),
                photo_name="bag.jpg",
            ),
            address=f"addr{i}",
        )
    IncidentPhoto.objects.filter(incident=tip).update(data=jpeg() + PHOTO_MARK)
    # The tips came in while the event ran: the throttle's rows are from then.
    during = dt.datetime.combine(event.ends_on, dt.time(12), tzinfo=dt.UTC)
    TipThrottle.objects.update(at=during)
    return {"zone": zone, "gate": gate, "device": device}


def seed_free_text(event: Event, unit: Unit, officer: User, meeting: Meeting) -> None:
    """Words that name people in the records' free text. Written to the tables directly: the
    services also copy a note's words into its audit entry, which no purge rewrites (README)."""
    incident = receive_tip(
        event, TipData(what="Smoke in the kitchen", where="Kitchen", contact=""), address="addr9"
    )
    IncidentTransition.objects.create(
        incident=incident,
        to_status="triaged",
        at=timezone.now(),
        actor_label="duty",
        note=f"{MARK} Minh called back",
    )
    Note.objects.create(
        incident=incident, at=timezone.now(), actor_label="duty", text=f"Spoke to {MARK} Minh"
    )
    UnitNote.objects.create(
        unit=unit, at=timezone.now(), actor_label="duty", text=f"{MARK} Tuan off sick"
    )
    task = Task.objects.create(event=event, title="Check the side gate")
    TaskComment.objects.create(task=task, author=officer, body=f"Ask {MARK} Duc for the key")
    inspection = Inspection.objects.create(
        event=event, title="Hall", inspected_at=timezone.now(), notes=f"Met {MARK} Thu"
    )
    InspectionItem.objects.create(
        inspection=inspection, position=1, text="Exits", notes=f"{MARK} Thu has the keys"
    )
    assert meeting.minutes


def statistics(event: Event) -> dict[str, Any]:
    return {
        "people": Person.objects.filter(event=event).count(),
        "badges": Credential.objects.filter(event=event).count(),
        "incidents": Incident.objects.filter(event=event).count(),
        "members": ForceMember.objects.filter(event=event).count(),
        "scans": list(
            Scan.objects.filter(event=event)
            .values("checkpoint", "zone", "result")
            .annotate(n=Count("pk"))
            .order_by("checkpoint", "zone", "result")
        ),
    }


def dump() -> Iterator[tuple[str, str, Any]]:
    """Every text, binary and real value of every table: (table, column, value)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [col[0] for col in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, (str, bytes, memoryview, float)):
                        yield table, column, value


def markers_found(event_markers: list[str]) -> list[str]:
    found = []
    needles = [m.casefold() for m in event_markers]
    for table, column, value in dump():
        if isinstance(value, float):
            if value in (LAT_MARK, LON_MARK):
                found.append(f"{table}.{column} (position)")
        elif isinstance(value, str):
            text = value.casefold()
            if any(needle in text for needle in needles):
                found.append(f"{table}.{column}")
        else:
            data = bytes(value)
            if PHOTO_MARK in data or PDF_MARK in data:
                found.append(f"{table}.{column} (bytes)")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for path in media.rglob("*"):
            if path.is_file() and (
                MARK.encode() in path.read_bytes() or PHOTO_MARK in path.read_bytes()
            ):
                found.append(str(path))
    return sorted(set(found))


MARKERS = [MARK, MARK.lower()] + [names(i)["phone"] for i in range(PEOPLE)]


@pytest.fixture
def seeded(db: Any) -> tuple[Event, dict[str, Any]]:
    event = past_event()
    return event, seed(event)


def test_the_purge_leaves_no_personal_value_anywhere_and_keeps_the_record(
    seeded: tuple[Event, dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    event, _rows = seeded
    assert markers_found(MARKERS)  # the search finds what was seeded
    before = statistics(event)

    out = StringIO()
    with caplog.at_level(logging.DEBUG):
        call_command("purge_personal_data", event.slug, stdout=out)

    assert markers_found(MARKERS) == []
    assert MARK.casefold() not in (caplog.text + out.getvalue()).casefold()
    assert statistics(event) == before
    assert verify_chain().problem is None
    person = Person.objects.filter(event=event).first()
    assert person is not None and person.full_name == f"person #{person.pk}"
    assert not person.photo and not person.organisation
    # The scanners' list for offline decisions names nobody: every badge is withdrawn.
    assert list(valid_credentials(event)) == []
    assert not LiveEvent.objects.filter(event=event, kind__startswith="ops.incident").exists()
    # Free text: the records stay, their words are replaced.
    assert {i.description for i in Incident.objects.filter(event=event)} == {REMOVED}
    assert Note.objects.get().text == TaskComment.objects.get().body == REMOVED
    assert not TipThrottle.objects.exists()
    visit = Visit.objects.get()
    assert (visit.lat, visit.lon, visit.accuracy_m, visit.distance_m) == (None, None, None, 12.0)
    certificate = Entry.objects.get(action=purge.CERTIFICATE, event_id=event.pk)
    assert certificate.after is not None
    purged = certificate.after["purged"]
    assert purged["accreditation"]["accreditation.person"] == PEOPLE
    assert purged["accreditation"]["accreditation.person.credentials"] == PEOPLE
    assert purged["tips"]["ops.incident"] == 2
    assert purged["devices"] == {"accounts.device": 1, "checkin.enrolment": 1}
    assert purged["tips"]["ops.incident.tip_throttle"] == 3
    assert purged["patrol_positions"] == {"patrols.visit": 1}
    assert purged["free_text"] == {
        "ops.incident.text": 3,
        "ops.incidenttransition.text": 1,
        "ops.note.text": 1,
        "ops.unitnote.text": 1,
        "planning.inspection.text": 1,
        "planning.inspectionitem.text": 1,
        "planning.meeting.text": 1,
        "planning.taskcomment.text": 1,
    }
    assert certificate.after["policy"]["kinds"] == list(KIND_KEYS)
    assert certificate.actor_label == "system"
    assert f"certificate: audit entry #{certificate.seq}" in out.getvalue()
    run = PurgeRun.objects.get(event=event)
    assert run.state == PurgeRun.State.DONE and run.certificate_seq == certificate.seq


def test_a_dry_run_counts_per_kind_and_changes_nothing(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded
    entries = Entry.objects.count()
    out = StringIO()

    call_command("purge_personal_data", event.slug, "--dry-run", stdout=out)

    text = out.getvalue()
    assert "dry run" in text
    assert f"accreditation.person {PEOPLE}" in text and "ops.incident 2" in text
    assert Entry.objects.count() == entries and not PurgeRun.objects.exists()
    assert Person.objects.filter(event=event, full_name__contains=MARK).count() == PEOPLE


def test_a_second_run_purges_nothing_and_writes_no_second_certificate(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded
    assert purge.run_purge(event, SYSTEM) is not None
    entries = Entry.objects.count()
    out = StringIO()

    call_command("purge_personal_data", event.slug, stdout=out)

    assert "nothing left to purge" in out.getvalue()
    assert Entry.objects.count() == entries
    assert PurgeRun.objects.filter(event=event).count() == 1
    assert verify_chain().problem is None


def test_an_interrupted_purge_resumes_where_it_stopped_and_ends_the_same(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded

    run = purge.run_purge(event, SYSTEM, batch=2, max_batches=3)

    assert run is not None and run.state == PurgeRun.State.RUNNING
    # Three batches of two: the one badge PDF, the one import, two of the badges.
    assert run.counts == {
        "accreditation.badgejob": 1,
        "accreditation.importbatch": 1,
        "accreditation.person.credentials": 2,
    }
    assert not Entry.objects.filter(action=purge.CERTIFICATE).exists()
    assert Person.objects.filter(event=event, full_name__contains=MARK).exists()

    resumed = purge.run_purge(event, SYSTEM, batch=2)

    assert resumed is not None and resumed.pk == run.pk and resumed.state == PurgeRun.State.DONE
    assert markers_found(MARKERS) == []
    after = Entry.objects.get(action=purge.CERTIFICATE).after
    assert after is not None
    assert after["purged"]["accreditation"]["accreditation.person"] == PEOPLE
    assert after["purged"]["accreditation"]["accreditation.person.credentials"] == PEOPLE


def test_a_crashed_purge_is_refused_while_it_may_run_and_resumed_once_silent(
    seeded: tuple[Event, dict[str, Any]], monkeypatch: pytest.MonkeyPatch, clock: Any
) -> None:
    event, _rows = seeded
    run = purge.run_purge(event, SYSTEM, batch=2, max_batches=1)
    assert run is not None
    # As if its process had been killed: it holds the run and its heartbeat is fresh.
    PurgeRun.objects.filter(pk=run.pk).update(heartbeat=timezone.now(), holder="gone")

    with pytest.raises(CommandError, match="purge_running"):
        call_command("purge_personal_data", event.slug, stdout=StringIO())

    clock.shift(purge.STALE_AFTER + dt.timedelta(seconds=1))
    resumed = purge.run_purge(event, SYSTEM)
    assert resumed is not None and resumed.pk == run.pk and resumed.state == PurgeRun.State.DONE


def test_before_its_date_the_purge_is_refused_unless_early(db: Any) -> None:
    event = past_event()
    RetentionPolicy.objects.create(
        event=event, purge_on=NOW.date() + dt.timedelta(days=5), kinds=["tips"]
    )

    with pytest.raises(CommandError, match="purge_not_due"):
        call_command("purge_personal_data", event.slug, stdout=StringIO())
    assert not PurgeRun.objects.exists()

    run = purge.run_purge(event, Actor(label="commander"), early=True)
    assert run is not None and run.policy["kinds"] == ["tips"]


def test_only_the_kinds_the_policy_names_are_purged(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded
    RetentionPolicy.objects.create(
        event=event, purge_on=NOW.date() - dt.timedelta(days=1), kinds=["tips"]
    )

    purge.run_purge(event, SYSTEM)

    assert not Incident.objects.filter(event=event).exclude(contact="").exists()
    assert Person.objects.filter(event=event, full_name__contains=MARK).count() == PEOPLE
    assert Credential.objects.filter(event=event, revoked_at__isnull=True).count() == PEOPLE


def test_the_schedule_queues_the_purge_of_due_events_only(
    seeded: tuple[Event, dict[str, Any]], event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    past, _rows = seeded  # ``event`` is the suite's: under way, not due

    assert purge.due_events() == [past]
    with_schedule = {job.name: job for job in queue.scheduled()}["events.purge"]
    with django_capture_on_commit_callbacks(execute=True):
        with_schedule.run()  # the tests' queue runs the task as the transaction commits

    assert PurgeRun.objects.get(event=past).state == PurgeRun.State.DONE
    assert not PurgeRun.objects.filter(event=event).exists()
    assert Entry.objects.get(action=purge.CERTIFICATE).actor_label == "schedule"
    assert purge.due_events() == []


def test_the_retention_page_shows_the_last_purge(
    seeded: tuple[Event, dict[str, Any]], client_for: Any
) -> None:
    event, _rows = seeded
    viewer = make_member(event, "viewer", "viewer-past")
    page = client_for(viewer).get(f"/e/{event.slug}/retention/").content.decode()
    assert "No purge has run yet" in page
    # The page's dry run: 7 people, their 7 badges, the PDF and the import.
    assert "16 records to purge" in page

    purge.run_purge(event, SYSTEM)

    page = client_for(viewer).get(f"/e/{event.slug}/retention/").content.decode()
    assert "Last purge" in page and "audit entry #" in page and "0 records to purge" in page
    assert "Accredited people" in page


def test_free_text_stays_when_the_policy_keeps_it_and_throttle_rows_of_now_stay(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded
    kinds = [key for key in KIND_KEYS if key != "free_text"]
    RetentionPolicy.objects.create(event=event, purge_on=NOW.date(), kinds=kinds)
    # Another event's resident sent a tip a minute ago: that row still counts for its limit.
    TipThrottle.objects.create(address="other", at=timezone.now() - dt.timedelta(minutes=1))

    purge.run_purge(event, SYSTEM)

    assert Note.objects.get().text == f"Spoke to {MARK} Minh"
    assert Incident.objects.filter(event=event, description__contains=MARK).count() == 2
    assert list(TipThrottle.objects.values_list("address", flat=True)) == ["other"]
    assert "free_text" not in purge.pending_counts(event)


def test_users_accounts_stay(seeded: tuple[Event, dict[str, Any]]) -> None:
    event, _rows = seeded
    users = User.objects.count()

    purge.run_purge(event, SYSTEM)

    assert User.objects.count() == users
    assert Device.objects.filter(event=event).get().name.startswith("device #")


def test_the_certificate_lists_the_backups_taken_before_that_still_hold_the_data(
    seeded: tuple[Event, dict[str, Any]], settings: Any, tmp_path: Path, clock: Any
) -> None:
    event, _rows = seeded
    settings.VAR_DIR = tmp_path
    copy = tmp_path / "before.sqlite3"
    backup.backup(copy)
    gone = tmp_path / "gone.sqlite3"
    backup.backup(gone)
    gone.unlink()  # destroyed already: not listed
    clock.shift(dt.timedelta(minutes=1))
    out = StringIO()

    call_command("purge_personal_data", event.slug, stdout=out)

    after = Entry.objects.get(action=purge.CERTIFICATE).after
    assert after is not None
    assert [b["file"] for b in after["backups_before"]] == [str(copy.resolve())]
    assert str(copy.resolve()) in out.getvalue()
    # A restore of that copy would bring the people back: the purge is noted outside the
    # database, and the restore reads the note.
    backup.note_purge(event.slug, timezone.now())
    assert [p["event"] for p in backup.purged_after(backup.taken_at(copy))] == [event.slug]
    assert backup.purged_after(timezone.now() + dt.timedelta(seconds=1)) == []


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_after_the_purge_holds_no_personal_value(
    settings: Any, tmp_path: Path
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the copy is searched as an SQLite file; PostgreSQL's is pg_dump's format")
    settings.VAR_DIR = tmp_path
    with transaction.atomic():  # as a service would: badges are issued inside one
        event = past_event()
        seed(event)
    before = tmp_path / "before.sqlite3"
    backup.backup(before)
    assert MARK.encode() in before.read_bytes() and PHOTO_MARK in before.read_bytes()

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = OFF")  # as SQLite builds without it by default
    purge.run_purge(event, SYSTEM)
    after = tmp_path / "after.sqlite3"
    backup.backup(after)

    data = after.read_bytes()
    assert MARK.encode() not in data and MARK.lower().encode() not in data
    assert PHOTO_MARK not in data and PDF_MARK not in data


def test_a_runner_whose_run_was_taken_over_stops_without_writing(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded

    def taken(run: PurgeRun) -> None:
        # Another runner took the run while this one looked dead.
        PurgeRun.objects.filter(pk=run.pk).update(holder="other", heartbeat=timezone.now())

    run = purge.run_purge(event, SYSTEM, batch=2, observe=taken)

    assert run is not None and run.batches == 1
    stored = PurgeRun.objects.get(pk=run.pk)
    assert stored.state == PurgeRun.State.RUNNING and stored.holder == "other"
    # The one batch it committed before it was taken; the next one was rolled back.
    assert stored.counts == {"accreditation.badgejob": 1}
    assert ImportBatch.objects.get(event=event).filename.startswith(MARK)


def test_the_operator_who_runs_it_is_named_in_the_certificate_by_account(
    seeded: tuple[Event, dict[str, Any]],
) -> None:
    event, _rows = seeded
    operator = make_member(event, "commander", "cmd-past")

    with pytest.raises(CommandError, match="No user"):
        call_command("purge_personal_data", event.slug, "--user", "nobody", stdout=StringIO())
    call_command("purge_personal_data", event.slug, "--user", "cmd-past", stdout=StringIO())

    certificate = Entry.objects.get(action=purge.CERTIFICATE)
    assert (certificate.actor_user_id, certificate.actor_label) == (operator.pk, "cmd-past")
    assert PurgeRun.objects.get().actor_user == operator
