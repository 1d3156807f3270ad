"""Printing what the officer means: the ticked people, one import, everyone not printed yet;
everyone a batch leaves out is listed with the reason, never silently dropped."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from garrison.accounts.models import Membership, User
from garrison.accreditation.badges import services as badge_jobs
from garrison.accreditation.badges.selection import Selection
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.imports import services as imports
from garrison.accreditation.models import BadgeJob, Category, CategoryGrant, Credential, Person
from garrison.accreditation.people import services as people
from garrison.accreditation.people.services import PersonData
from garrison.accreditation.tests.images import jpeg
from garrison.audit.models import Entry
from garrison.core.errors import DomainError, NotFound
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db

NAMES = ["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Vũ Thị Dung"]


@pytest.fixture
def staff(officer_m: Membership, delegate: Category, hall: Zone) -> list[Person]:
    """Four people with a photo and a badge each."""
    CategoryGrant.objects.create(
        category=delegate, zone=hall, first_day=hall.event.starts_on, last_day=hall.event.ends_on
    )
    made = []
    for name in NAMES:
        person = people.create_person(officer_m, PersonData(name, delegate.pk))
        people.set_photo(officer_m, person, jpeg(), "p.jpg")
        credentials.issue_credential(officer_m, person)
        made.append(person)
    return made


def _build(
    officer_m: Membership, selection: Selection, layout: str = "a6"
) -> tuple[BadgeJob, list[str]]:
    job = badge_jobs.start_job(officer_m, layout, background=False, selection=selection)
    job = badge_jobs.execute_job(job.pk)
    assert job.state == BadgeJob.State.DONE and job.pdf is not None
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(bytes(job.pdf))).pages]
    return job, pages


def _printed(pages: list[str]) -> list[str]:
    return sorted(name for name in [*NAMES, "Hồ Thị Mới"] if any(name in p for p in pages))


def test_only_the_selected_people_are_printed_and_marked_printed(
    officer_m: Membership, staff: list[Person]
) -> None:
    picked = (staff[1].pk, staff[3].pk)
    job, pages = _build(officer_m, Selection(person_ids=picked))
    assert (job.total, job.done, job.skipped) == (2, 2, [])
    assert _printed(pages) == ["Trần Thị Bình", "Vũ Thị Dung"]
    printed = Credential.objects.filter(printed_at__isnull=False)
    assert sorted(printed.values_list("person_id", flat=True)) == sorted(picked)


def test_everyone_not_printed_yet_is_printed_once_and_a_new_version_again(
    officer_m: Membership, staff: list[Person], delegate: Category
) -> None:
    _build(officer_m, Selection(person_ids=(staff[0].pk,)))
    _job, pages = _build(officer_m, Selection(unprinted=True))
    assert _printed(pages) == ["Phạm Văn Cường", "Trần Thị Bình", "Vũ Thị Dung"]
    with pytest.raises(DomainError) as nothing:
        badge_jobs.start_job(officer_m, "a6", background=False, selection=Selection(unprinted=True))
    assert nothing.value.code == "nothing_to_print"
    credentials.issue_credential(officer_m, staff[2])  # version 2: a badge to print again
    _job, pages = _build(officer_m, Selection(unprinted=True))
    assert _printed(pages) == ["Phạm Văn Cường"]


def test_a_person_without_a_badge_is_listed_with_the_reason_not_dropped(
    officer_m: Membership,
    staff: list[Person],
    delegate: Category,
    event: Event,
    client_for: Callable[[User], Client],
    officer: User,
) -> None:
    newcomer = people.create_person(officer_m, PersonData("Hồ Thị Mới", delegate.pk))
    credentials.revoke_credential(officer_m, staff[0], "lost", reissue=False)
    people.set_photo(officer_m, staff[1], jpeg(), "p.jpg")
    Person.objects.filter(pk=staff[2].pk).update(photo=None, photo_sha256="")
    job, pages = _build(officer_m, Selection(require_photo=True))
    assert _printed(pages) == ["Trần Thị Bình", "Vũ Thị Dung"]
    assert sorted((row["person"], row["reason"]) for row in job.skipped) == sorted(
        [(staff[0].pk, "revoked"), (staff[2].pk, "no_photo"), (newcomer.pk, "no_credential")]
    )
    page = client_for(officer).get(
        reverse("accreditation:badge_job", kwargs={"event": event.slug, "pk": job.pk})
    )
    text = page.content.decode()
    assert "3 people left out" in text
    for name, reason in [
        ("Hồ Thị Mới", "No badge issued yet"),
        ("Lê Văn An", "revoked"),
        ("Phạm Văn Cường", "No photo."),
    ]:
        row = text[text.index(name) :].split("</tr>")[0]
        assert reason in row, name
    # Without "only with a photo", the photo-less person is printed (the badge shows a frame).
    _job, pages = _build(officer_m, Selection())
    assert "Phạm Văn Cường" in _printed(pages)


def test_one_import_is_issued_and_printed_exactly(
    officer_m: Membership,
    staff: list[Person],
    event: Event,
    delegate: Category,
    client_for: Callable[[User], Client],
    officer: User,
) -> None:
    csv = "Họ và tên,Loại thẻ\n" + "".join(f"Người Mới {n},DEL\n" for n in range(5))
    batch = imports.preview_import(officer_m, "new.csv", csv.encode())
    imports.confirm_import(officer_m, batch)
    client = client_for(officer)
    preview = client.get(
        reverse("accreditation:import_preview", kwargs={"event": event.slug, "pk": batch.pk})
    ).content.decode()
    assert 'id="print-import"' in preview
    started = client.post(
        reverse("accreditation:badge_job_start", kwargs={"event": event.slug}),
        {"layout": "cr80", "import": str(batch.pk), "issue": "1"},
    )
    job = BadgeJob.objects.get(event=event)
    assert started["Location"].endswith(f"/badges/batches/{job.pk}/")
    assert (job.import_batch_id, job.total, job.skipped) == (batch.pk, 5, [])
    job = badge_jobs.execute_job(job.pk)
    assert job.pdf is not None
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(bytes(job.pdf))).pages]
    assert sorted(n for n in range(5) if any(f"Người Mới {n}" in p for p in pages)) == [
        0,
        1,
        2,
        3,
        4,
    ]
    assert not any(name in page for page in pages for name in NAMES)


def test_the_people_list_prints_the_ticked_people(
    client_for: Callable[[User], Client],
    officer: User,
    event: Event,
    staff: list[Person],
    delegate: Category,
    officer_m: Membership,
) -> None:
    client = client_for(officer)
    listing = client.get(reverse("accreditation:people", kwargs={"event": event.slug}))
    assert f'name="person" value="{staff[0].pk}"' in listing.content.decode()
    start = reverse("accreditation:badge_job_start", kwargs={"event": event.slug})
    none = client.post(start, {"layout": "a6", "scope": "selected"})
    assert none["Location"] == reverse("accreditation:people", kwargs={"event": event.slug})
    assert not BadgeJob.objects.exists()
    newcomer = people.create_person(officer_m, PersonData("Hồ Thị Mới", delegate.pk))
    client.post(
        start,
        {"layout": "a6", "scope": "selected", "person": [staff[0].pk, newcomer.pk], "issue": "1"},
    )
    job = BadgeJob.objects.get(event=event)
    assert sorted(job.person_ids) == sorted([staff[0].pk, newcomer.pk])
    _job, pages = _build_existing(job)
    assert _printed(pages) == ["Hồ Thị Mới", "Lê Văn An"]


def _build_existing(job: BadgeJob) -> tuple[BadgeJob, list[str]]:
    job = badge_jobs.execute_job(job.pk)
    assert job.pdf is not None
    return job, [p.extract_text() for p in PdfReader(io.BytesIO(bytes(job.pdf))).pages]


def test_the_print_audit_names_people_by_id_only(
    officer_m: Membership, staff: list[Person], delegate: Category
) -> None:
    people.create_person(officer_m, PersonData("Hồ Thị Mới", delegate.pk))
    _build(officer_m, Selection(person_ids=(staff[0].pk,)))
    _build(officer_m, Selection())
    entries = Entry.objects.filter(action__startswith="accreditation.badge_job")
    assert entries.count() == 4
    for entry in entries:
        dumped = json.dumps([entry.before, entry.after, entry.object_repr], ensure_ascii=False)
        assert not any(name in dumped for name in [*NAMES, "Hồ Thị Mới"]), dumped
    built = entries.filter(action="accreditation.badge_job.built").order_by("seq").last()
    assert built is not None and built.after is not None
    assert {"person": Person.objects.get(full_name="Hồ Thị Mới").pk, "reason": "no_credential"} in (
        built.after["skipped"]
    )


def test_a_selection_from_another_event_is_refused(
    officer_m: Membership, staff: list[Person], other_event: Event, officer: User
) -> None:
    from garrison.accreditation.models import ImportBatch

    theirs = ImportBatch.objects.create(event=other_event, created_by=officer, filename="x.csv")
    with pytest.raises(NotFound):
        badge_jobs.start_job(
            officer_m, "a6", background=False, selection=Selection(import_batch_id=theirs.pk)
        )
    foreign = Person.objects.create(
        event=other_event,
        category=Category.objects.create(event=other_event, code="X", name="X"),
        full_name="Người Lạ",
        dedupe_key="x",
    )
    job, _pages = _build(officer_m, Selection(person_ids=(staff[0].pk, foreign.pk)))
    assert job.total == 1
    assert job.skipped == [{"person": foreign.pk, "reason": "withdrawn"}]
