"""Accreditation's personal data (garrison.core.personal): the people, their photos, the lists
they came in and the badges printed for them.

The purge also withdraws the event's valid badges: a badge names its holder on the scanners'
lists (``checkin.scanner.api``), and a purged event's badges must open nothing anyway. The
phones drop the withdrawn ones, with their holders' photos, at their next sync.
"""

from __future__ import annotations

from garrison.accreditation.models import BadgeJob, Credential, ImportBatch, Person
from garrison.core.personal import also, declare

declare(
    Person,
    # ``ref`` is the organiser's number for the person: with their list it names them.
    # ``dedupe_key`` is the name and organisation casefolded, ``search_name`` the two folded
    # (people.names); ``photo_sha256`` the photo's digest.
    fields=[
        "full_name",
        "organisation",
        "position",
        "ref",
        "dedupe_key",
        "search_name",
        "photo",
        "photo_sha256",
    ],
    shared=["position"],
    pseudonym="person",
    url="accreditation:person_edit",
    renamed="full_name",
)
# An uploaded list: its file's name, and the names in its checked rows and problems.
declare(
    ImportBatch,
    fields=["filename", "rows", "problems"],
    json_keys=["full_name", "organisation", "position", "ref", "name"],
    pseudonym="import",
    renamed="filename",
)
# A finished batch's PDF holds the badges' names and photos.
declare(BadgeJob, fields=["pdf"])


def _valid_badges(event_id: int) -> int:
    return Credential.objects.filter(event_id=event_id, revoked_at__isnull=True).count()


def _withdraw_badges(event_id: int, limit: int) -> int:
    # The signing code behind the services is loaded only when a purge runs.
    from garrison.accreditation.credentials.services import withdraw_batch

    return withdraw_batch(event_id, limit)


also(Person, "credentials", pending=_valid_badges, purge=_withdraw_badges)
