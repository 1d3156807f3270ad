"""The event's archive (issue 20, part 5): after the purge it holds none of the people seeded
with marker strings, and its statistics are the event's; before the purge only the event's own
commander exports it, personal data only when asked, and each export is in the audit log
without any personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PdfStreamError

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM
from garrison.checkin.models import Scan
from garrison.conftest import NOW, make_member
from garrison.core.personal import REMOVED
from garrison.drills.models import Drill, DrillScript
from garrison.events.models import Event
from garrison.events.services import archive, purge
from garrison.events.tests.conftest import ClientFor
from garrison.events.tests.test_purge import (
    LAT_MARK,
    MARK,
    MARKERS,
    PDF_MARK,
    PEOPLE,
    PHOTO_MARK,
    past_event,
    seed,
)
from garrison.events.tests.test_purge import statistics as counted
from garrison.ops.models import Incident
from garrison.ops.stats.queries import real_operations
from garrison.ops.stats.queries import statistics as response_times
from garrison.reports.models import ActionPlan, PublishedPlan


def with_plan_and_drill(event: Event, author: User) -> None:
    """A published action plan whose stored PDF names members, and a drill that ran."""
    plan = ActionPlan.objects.create(
        event=event,
        period_starts=timezone.now() - dt.timedelta(days=41),
        period_ends=timezone.now() - dt.timedelta(days=40),
        objectives="Keep the hall safe",
    )
    PublishedPlan.objects.create(
        plan=plan,
        event=event,
        version=1,
        language="vi",
        pdf=PDF_MARK + f" {MARK} ".encode(),
        pages=1,
        sha256="ab" * 32,
        key_id="k1",
        signature=b"\x01" * 64,
        published_by=author,
        published_at=timezone.now() - dt.timedelta(days=41),
    )
    script = DrillScript.objects.create(event=event, name="Fire drill", created_at=timezone.now())
    Drill.objects.create(
        event=event,
        script=script,
        name="Fire drill, day 1",
        state="finished",
        created_at=timezone.now(),
        started_at=timezone.now(),
    )


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def opened(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def text_of(zipped: zipfile.ZipFile) -> dict[str, str]:
    """Every file's text: JSON and CSV as they are, PDFs by their extracted text, other bytes
    as Latin-1 (so a marker in them is found as bytes are)."""
    texts = {}
    for name in zipped.namelist():
        data = zipped.read(name)
        if name.endswith(".pdf"):
            texts[name + " (bytes)"] = data.decode("latin-1")
            try:
                texts[name] = pdf_text(data)
            except PdfStreamError:  # the seeded plan's "PDF" is marker bytes only
                continue
        else:
            texts[name] = data.decode("utf-8")
    return texts


def markers_in(zipped: zipfile.ZipFile) -> list[str]:
    found = []
    needles = [m.casefold() for m in MARKERS] + [repr(LAT_MARK)]
    for name, text in text_of(zipped).items():
        if any(needle in text.casefold() for needle in needles):
            found.append(name)
        if PHOTO_MARK.decode("latin-1") in text or PDF_MARK.decode("latin-1") in text:
            found.append(f"{name} (marker bytes)")
    return sorted(found)


def export(event: Event, tmp_path: Path, *extra: str) -> zipfile.ZipFile:
    out = tmp_path / f"{event.slug}-{len(list(tmp_path.iterdir()))}.zip"
    call_command("export_archive", event.slug, "--out", str(out), *extra, stdout=StringIO())
    return opened(out.read_bytes())


def test_after_the_purge_the_archive_holds_no_marker_and_the_events_statistics(
    db: Any, tmp_path: Path
) -> None:
    event = past_event()
    seed(event)
    with_plan_and_drill(event, make_member(event, "commander", "cmd-archive"))
    before = export(event, tmp_path, "--with-personal")
    assert markers_in(before)  # the search finds what was seeded, in tables and documents
    figures = json.loads(before.read("statistics.json"))

    purge.run_purge(event, SYSTEM)
    after = export(event, tmp_path)

    assert markers_in(after) == []
    # With personal data asked for, there is none left to give.
    assert markers_in(export(event, tmp_path, "--with-personal")) == []
    manifest = json.loads(after.read("manifest.json"))
    assert manifest["purged"] is True and manifest["with_personal_data"] is False
    names = set(after.namelist())
    assert {"json/ops/incidents.json", "csv/ops/incidents.csv", "statistics.pdf"} <= names
    assert any(n.startswith("documents/drills/after-action-report-") for n in names)
    # The signed plan's bytes went with the members' names; its record stays.
    assert not any(n.startswith("documents/reports/") for n in names)
    plans = json.loads(after.read("json/reports/published_plans.json"))
    assert [p["sha256"] for p in plans] == ["ab" * 32]
    incidents = list(
        csv.DictReader(io.StringIO(after.read("csv/ops/incidents.csv").decode("utf-8-sig")))
    )
    # Free text is withheld; had it been asked for, the purge left "[removed]" in its place.
    assert len(incidents) == 3 and {row["description"] for row in incidents} == {""}
    asked = export(event, tmp_path, "--with-personal").read("json/ops/incidents.json")
    assert {i["description"] for i in json.loads(asked)} == {REMOVED}
    assert manifest["tables"]["ops/incidents"] == 3

    # The statistics are the event's: the same before and after the purge, and the same as
    # counted from the database by other means.
    stats = json.loads(after.read("statistics.json"))
    assert stats == figures == json.loads(json.dumps(archive.statistics(event), default=str))
    truth = counted(event)
    assert stats["accreditation"]["people"] == truth["people"] == PEOPLE
    assert stats["accreditation"]["badges"] == truth["badges"]
    assert stats["ops"]["incidents"] == truth["incidents"]
    assert stats["forces"]["members"] == truth["members"]
    assert [
        {"checkpoint": r["checkpoint"], "zone": r["zone"], "result": r["result"], "n": r["n"]}
        for r in truth["scans"]
    ] == stats["checkin"]["by_checkpoint_zone_result"]
    times = response_times(event, real_operations(Incident.objects.filter(event=event)))
    assert stats["ops"]["response_times"]["call_processing"]["all"]["n"] == (
        times["call_processing"].all.n
    )
    assert stats["reports"]["published_versions"] == 1 and stats["drills"]["drills_run"] == 1
    scans_pdf = pdf_text(after.read("statistics.pdf"))
    assert f"scans {Scan.objects.filter(event=event).count()}" in scans_pdf.replace(":", "")


def test_before_the_purge_personal_data_is_withheld_unless_asked_and_each_export_is_audited(
    event: Event, commander: User, planner: User, client_for: ClientFor
) -> None:
    seed(event)
    url = reverse("events:archive", kwargs={"event": event.slug})
    client = client_for(commander)

    assert client_for(planner).get(url).status_code == 403
    plain = client.get(url)
    assert plain.status_code == 200 and plain["Content-Type"] == "application/zip"
    assert "no-store" in plain["Cache-Control"]
    zipped = opened(body(plain))
    assert markers_in(zipped) == []
    manifest = json.loads(zipped.read("manifest.json"))
    assert manifest["purged"] is False
    assert "full_name" in manifest["withheld_columns"]["accreditation/people"]
    assert "description" in manifest["withheld_columns"]["ops/incidents"]
    people = json.loads(zipped.read("json/accreditation/people.json"))
    assert len(people) == PEOPLE and {p["full_name"] for p in people} == {None}
    # A link cannot ask for personal data: only the page's form (a POST) can.
    asked_by_link = client.get(url, {"personal": "1"})
    assert markers_in(opened(body(asked_by_link))) == []

    with_people = client.post(url, {"personal": "1"})

    zipped = opened(body(with_people))
    assert "accreditation/people.json" in str(zipped.namelist())
    assert MARK in zipped.read("json/accreditation/people.json").decode()
    assert "personal" in with_people["Content-Disposition"]
    entries = list(Entry.objects.filter(action=archive.EXPORTED).order_by("seq"))
    assert [e.after for e in entries] == [
        {"with_personal": False, "purged": False},
        {"with_personal": False, "purged": False},
        {"with_personal": True, "purged": False},
    ]
    assert all(e.actor_user_id == commander.pk and e.event_id == event.pk for e in entries)
    assert MARK not in json.dumps([e.after for e in entries]) + "".join(
        e.object_repr for e in entries
    )


def test_a_parent_events_commander_exports_only_after_the_purge_and_never_personal_data(
    db: Any, client_for: ClientFor
) -> None:
    parent = Event.objects.create(
        slug="national",
        name="National",
        starts_on=NOW.date() - dt.timedelta(days=42),
        ends_on=NOW.date() - dt.timedelta(days=40),
    )
    event = past_event()
    event.parent = parent
    event.save()
    seed(event)
    chief = make_member(parent, "commander", "chief")
    client = client_for(chief)
    url = reverse("events:archive", kwargs={"event": event.slug})
    page = reverse("events:retention", kwargs={"event": event.slug})

    assert client.get(url).status_code == 403
    assert url not in client.get(page).content.decode()

    purge.run_purge(event, SYSTEM)

    assert url in client.get(page).content.decode()
    answer = client.get(url)
    assert answer.status_code == 200
    assert markers_in(opened(body(answer))) == []
    assert client.post(url, {"personal": "1"}).status_code == 403  # a reader from above
    assert Membership.objects.filter(user=chief, event=event).count() == 0


def test_the_retention_page_offers_the_archive_to_the_commander_only(
    event: Event, commander: User, planner: User, client_for: ClientFor
) -> None:
    page = reverse("events:retention", kwargs={"event": event.slug})
    text = client_for(commander).get(page).content.decode()
    assert "Export the archive" in text and 'name="personal"' in text
    assert "Export the archive" not in client_for(planner).get(page).content.decode()


def test_the_command_says_what_it_wrote_and_refuses_bad_input(event: Event, tmp_path: Path) -> None:
    out = StringIO()
    call_command("export_archive", event.slug, "--out", str(tmp_path / "a.zip"), stdout=out)
    assert "without personal data; not purged yet" in out.getvalue()
    assert zipfile.is_zipfile(tmp_path / "a.zip")
    assert (tmp_path / "a.zip").stat().st_mode & 0o077 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["a.zip"]  # no partial file left
    with pytest.raises(CommandError, match="No event"):
        call_command("export_archive", "nope", "--out", str(tmp_path / "b.zip"))
    with pytest.raises(CommandError, match=r"\.zip"):
        call_command("export_archive", event.slug, "--out", str(tmp_path / "b.tar"))
    with pytest.raises(CommandError, match="not a directory"):
        call_command("export_archive", event.slug, "--out", str(tmp_path / "no" / "b.zip"))
    assert Entry.objects.filter(action=archive.EXPORTED).count() == 1
