"""Matrix rows for the accreditation screens: commanders and accreditation officers only.

People's details and photos are personal data: planners and the rest get 403.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.utils import timezone

from garrison.accounts.models import User
from garrison.accreditation.models import BadgeJob, Category, CategoryGrant, ImportBatch, Person
from garrison.accreditation.roles import KEY_MANAGERS
from garrison.accreditation.roles import OFFICERS as OFFICER_ROLES
from garrison.core.testing import Route
from garrison.events.models import Event, Site, SiteKind, Zone

OFFICERS: frozenset[str] = frozenset(OFFICER_ROLES)
KEY_ROLES: frozenset[str] = frozenset(KEY_MANAGERS)
_serial = itertools.count(1)

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[105.84, 21.02], [105.85, 21.02], [105.85, 21.03], [105.84, 21.03], [105.84, 21.02]]
    ],
}


def make_category(event: Event, code: str | None = None) -> Category:
    return Category.objects.create(
        event=event, code=code or f"C{next(_serial)}", name="Matrix category"
    )


def make_zone(event: Event, code: str | None = None) -> Zone:
    site = Site.objects.create(
        event=event,
        name=f"Accreditation site {next(_serial)}",
        kind=SiteKind.VENUE,
        lat=21.025,
        lon=105.845,
        polygon=SQUARE,
    )
    return Zone.objects.create(
        event=event,
        site=site,
        code=code or f"Z{next(_serial)}",
        name="Zone",
        polygon=SQUARE,
        access_level="controlled",
    )


def make_person(event: Event, name: str | None = None, photo: bytes | None = None) -> Person:
    name = name or f"Person {next(_serial)}"
    return Person.objects.create(
        event=event,
        category=make_category(event),
        full_name=name,
        dedupe_key=f"{name.casefold()}|",
        photo=photo,
        photo_sha256="ab" * 32 if photo else "",
    )


def category_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_category(event).pk}


def cell_kwargs(event: Event) -> dict[str, Any]:
    return {"category": make_category(event).pk, "zone": make_zone(event).pk}


def person_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_person(event).pk}


def photo_kwargs(event: Event) -> dict[str, Any]:
    from garrison.accreditation.tests.images import jpeg

    return {"pk": make_person(event, photo=jpeg()).pk}


def import_kwargs(event: Event) -> dict[str, Any]:
    user = User.objects.create_user(username=f"importer-{next(_serial)}")
    batch = ImportBatch.objects.create(event=event, created_by=user, filename="list.csv")
    return {"pk": batch.pk}


def template_kwargs(event: Event) -> dict[str, Any]:
    return {"language": "vi", "fmt": "xlsx"}


ROUTES: list[Route] = [
    Route("accreditation:categories", roles=OFFICERS),
    Route("accreditation:category_create", roles=OFFICERS),
    Route("accreditation:category_edit", roles=OFFICERS, kwargs=category_kwargs),
    Route("accreditation:category_delete", roles=OFFICERS, kwargs=category_kwargs),
    Route("accreditation:matrix", roles=OFFICERS),
    Route("accreditation:matrix_cell", roles=OFFICERS, kwargs=cell_kwargs),
    Route("accreditation:people", roles=OFFICERS),
    Route("accreditation:person_create", roles=OFFICERS),
    Route("accreditation:person_edit", roles=OFFICERS, kwargs=person_kwargs),
    Route("accreditation:person_delete", roles=OFFICERS, kwargs=person_kwargs),
    Route("accreditation:person_photo", roles=OFFICERS, kwargs=photo_kwargs),
    # POST-only: an empty form comes back 400 for officers, 403 for the others.
    Route("accreditation:photo_upload", roles=OFFICERS, kwargs=person_kwargs, method="POST"),
    Route("accreditation:person_grant", roles=OFFICERS, kwargs=person_kwargs, method="POST"),
    Route("accreditation:import_upload", roles=OFFICERS),
    Route("accreditation:import_preview", roles=OFFICERS, kwargs=import_kwargs),
    Route("accreditation:import_template", roles=OFFICERS, kwargs=template_kwargs),
]


def issued_kwargs(event: Event) -> dict[str, Any]:
    person = make_person(event)
    zone = make_zone(event)
    CategoryGrant.objects.create(
        category=person.category,
        zone=zone,
        first_day=event.starts_on,
        last_day=event.ends_on,
    )
    from garrison.accreditation.credentials.services import _issue

    _issue(event, person)
    return {"pk": person.pk}


ROUTES += [
    Route(
        "accreditation:credential_action",
        roles=OFFICERS,
        kwargs=person_kwargs,
        method="POST",
        data={"action": "none"},
    ),
    Route("accreditation:credential_qr", roles=OFFICERS, kwargs=issued_kwargs),
    Route("accreditation:key_rotate", roles=KEY_ROLES, method="POST"),
]


def job_kwargs(event: Event) -> dict[str, Any]:
    """A finished batch of the event (its PDF need not be real for the matrix)."""
    job = BadgeJob.objects.create(
        event=event,
        layout="a6",
        total=1,
        done=1,
        state=BadgeJob.State.DONE,
        pdf=b"%PDF-1.4",
        heartbeat=timezone.now(),
    )
    return {"pk": job.pk}


ROUTES += [
    Route("accreditation:badge_pdf", roles=OFFICERS, kwargs=issued_kwargs),
    Route("accreditation:badges", roles=OFFICERS),
    Route("accreditation:badge_job_start", roles=OFFICERS, method="POST"),
    Route("accreditation:badge_job", roles=OFFICERS, kwargs=job_kwargs),
    Route("accreditation:badge_job_progress", roles=OFFICERS, kwargs=job_kwargs),
    Route("accreditation:badge_job_pdf", roles=OFFICERS, kwargs=job_kwargs),
    Route("accreditation:badge_issue_missing", roles=OFFICERS, method="POST"),
]
