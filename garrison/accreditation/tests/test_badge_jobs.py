"""Badge batches built in the background: progress 0 → total, the PDF, who may fetch it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.badges import services as badge_jobs
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.models import BadgeJob, Category, CategoryGrant, Credential
from garrison.accreditation.people import services as people
from garrison.accreditation.people.services import PersonData
from garrison.accreditation.roles import OFFICERS
from garrison.accreditation.tests.images import jpeg
from garrison.conftest import make_member
from garrison.core.errors import DomainError, NotFound
from garrison.events.models import Event, Zone

pytestmark = pytest.mark.django_db


def _issue(officer_m: Membership, delegate: Category, hall: Zone, count: int) -> list[Credential]:
    CategoryGrant.objects.create(
        category=delegate, zone=hall, first_day=dt.date(2026, 12, 1), last_day=dt.date(2026, 12, 3)
    )
    issued = []
    for n in range(count):
        person = people.create_person(officer_m, PersonData(f"Trần Văn Số {n}", delegate.pk))
        if n % 2 == 0:
            people.set_photo(officer_m, person, jpeg(), "p.jpg")
        issued.append(credentials.issue_credential(officer_m, person))
    return issued


@pytest.fixture
def issued(officer_m: Membership, delegate: Category, hall: Zone) -> list[Credential]:
    return _issue(officer_m, delegate, hall, 5)


def _url(name: str, event: Event, job: BadgeJob) -> str:
    return reverse(f"accreditation:{name}", kwargs={"event": event.slug, "pk": job.pk})


def test_a_batch_reports_progress_from_zero_to_total_and_builds_every_page(
    officer_m: Membership, issued: list[Credential]
) -> None:
    job = badge_jobs.start_job(officer_m, "cr80", background=False)
    assert (job.state, job.done, job.total) == (BadgeJob.State.QUEUED, 0, 5)
    seen: list[tuple[int, str]] = []

    def observe(done: int) -> None:
        # What a poll would read at that moment: the row itself, not the thread's counter.
        row = BadgeJob.objects.get(pk=job.pk)
        assert row.done == done
        seen.append((row.done, row.state))

    finished = badge_jobs.execute_job(job.pk, every=0, observe=observe)
    assert seen == [(n, BadgeJob.State.BUILDING) for n in range(6)]
    assert (finished.state, finished.done, finished.total) == (BadgeJob.State.DONE, 5, 5)
    assert finished.pdf is not None
    assert len(PdfReader(io.BytesIO(bytes(finished.pdf))).pages) == 5


def test_a_batch_of_one_category_prints_only_that_category(
    officer_m: Membership, issued: list[Credential], event: Event, hall: Zone
) -> None:
    press = Category.objects.create(event=event, code="PRESS", name="Press")
    _issue(officer_m, press, hall, 0)  # a category without badges: nothing to print
    with pytest.raises(DomainError) as refused:
        badge_jobs.start_job(officer_m, "a6", press.pk, background=False)
    assert refused.value.code == "nothing_to_print"
    delegate = issued[0].person
    assert delegate is not None
    job = badge_jobs.start_job(officer_m, "a6", delegate.category_id, background=False)
    assert badge_jobs.execute_job(job.pk).done == 5


def test_bad_layouts_other_events_categories_and_a_second_batch_are_refused(
    officer_m: Membership, issued: list[Credential], other_event: Event
) -> None:
    with pytest.raises(DomainError) as layout:
        badge_jobs.start_job(officer_m, "a0", background=False)
    assert layout.value.code == "invalid_choice"
    foreign = Category.objects.create(event=other_event, code="DEL", name="Theirs")
    with pytest.raises(NotFound):
        badge_jobs.start_job(officer_m, "a6", foreign.pk, background=False)
    badge_jobs.start_job(officer_m, "a6", background=False)
    with pytest.raises(DomainError) as second:
        badge_jobs.start_job(officer_m, "a6", background=False)
    assert (second.value.code, second.value.status) == ("already_running", 409)


def test_the_officer_starts_a_batch_watches_it_build_and_downloads_it(
    client_for: Callable[[User], Client], officer: User, event: Event, issued: list[Credential]
) -> None:
    client = client_for(officer)
    started = client.post(
        reverse("accreditation:badge_job_start", kwargs={"event": event.slug}), {"layout": "a6"}
    )
    job = BadgeJob.objects.get(event=event)
    assert started.status_code == 302 and started["Location"] == _url("badge_job", event, job)
    page = client.get(_url("badge_job", event, job)).content.decode()
    assert f'hx-get="{_url("badge_job_progress", event, job)}"' in page
    assert "0 of 5 badges" in page and 'progress max="5" value="0"' in page
    assert client.get(_url("badge_job_pdf", event, job))["Location"] == _url(
        "badge_job", event, job
    )

    badge_jobs.execute_job(job.pk)
    progress = client.get(_url("badge_job_progress", event, job)).content.decode()
    assert "hx-get" not in progress  # done: the page stops polling
    assert "5 of 5 badges" in progress and _url("badge_job_pdf", event, job) in progress
    pdf = client.get(_url("badge_job_pdf", event, job))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Cache-Control"] == "no-store"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == 5
    listing = client.get(reverse("accreditation:badges", kwargs={"event": event.slug}))
    assert _url("badge_job_pdf", event, job) in listing.content.decode()


def test_the_pdf_is_refused_to_other_roles_and_to_other_events_officers(
    client_for: Callable[[User], Client],
    officer_m: Membership,
    event: Event,
    other_event: Event,
    members: dict[str, User],
    issued: list[Credential],
) -> None:
    job = badge_jobs.execute_job(badge_jobs.start_job(officer_m, "a6", background=False).pk)
    url = _url("badge_job_pdf", event, job)
    for role in (role for role in Role if role not in OFFICERS):
        assert client_for(members[role]).get(url).status_code == 403
    theirs = make_member(other_event, Role.ACCREDITATION_OFFICER, "their-officer")
    assert client_for(theirs).get(url).status_code == 404
    # Nor through their own event's address.
    foreign = reverse(
        "accreditation:badge_job_pdf", kwargs={"event": other_event.slug, "pk": job.pk}
    )
    assert client_for(theirs).get(foreign).status_code == 404


def test_a_batch_whose_process_died_is_shown_failed_not_building_forever(
    client_for: Callable[[User], Client], officer: User, event: Event
) -> None:
    now = timezone.now()
    dead = BadgeJob.objects.create(
        event=event,
        layout="a6",
        total=400,
        done=120,
        state=BadgeJob.State.BUILDING,
        heartbeat=now - badge_jobs.STALE_AFTER - dt.timedelta(seconds=1),
    )
    alive = BadgeJob.objects.create(
        event=event, layout="a6", total=400, done=10, state="building", heartbeat=now
    )
    text = client_for(officer).get(_url("badge_job_progress", event, dead)).content.decode()
    assert "hx-get" not in text and "server was restarted" in text
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.state, dead.error) == (BadgeJob.State.FAILED, "interrupted")
    assert alive.state == BadgeJob.State.BUILDING
    # A job the expiry already gave up on is not built afterwards.
    assert badge_jobs.execute_job(dead.pk).state == BadgeJob.State.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_started_batch_builds_in_a_background_thread(
    officer_m: Membership, delegate: Category, hall: Zone
) -> None:
    _issue(officer_m, delegate, hall, 3)
    job = badge_jobs.wait(badge_jobs.start_job(officer_m, "a6"), timeout=60)
    assert (job.state, job.done, job.total) == (BadgeJob.State.DONE, 3, 3)
    assert job.pdf is not None
    assert len(PdfReader(io.BytesIO(bytes(job.pdf))).pages) == 3
