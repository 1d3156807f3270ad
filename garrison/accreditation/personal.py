"""Accreditation's personal data (garrison.core.personal): the people, their photos, the lists
they came in and the badges printed for them."""

from __future__ import annotations

from garrison.accreditation.models import BadgeJob, ImportBatch, Person
from garrison.core.personal import declare

declare(
    Person,
    # ``ref`` is the organiser's number for the person: with their list it names them.
    # ``dedupe_key`` is the name and organisation casefolded; ``photo_sha256`` the photo's digest.
    fields=[
        "full_name",
        "organisation",
        "position",
        "ref",
        "dedupe_key",
        "photo",
        "photo_sha256",
    ],
    shared=["position"],
    pseudonym="person",
    url="accreditation:person_edit",
)
# An uploaded list: its file's name, and the names in its checked rows and problems.
declare(
    ImportBatch,
    fields=["filename", "rows", "problems"],
    json_keys=["full_name", "organisation", "position", "ref", "name"],
    pseudonym="import",
)
# A finished batch's PDF holds the badges' names and photos.
declare(BadgeJob, fields=["pdf"])
