"""Which badges a batch prints, and who it leaves out and why (no writes here).

A selection narrows the event's people step by step: one category, the people ticked on the
list, one import, only badges not printed yet, only people with a photo. Everyone the
selection names gets either a page in the PDF or a line in the batch's "left out" list with the
reason, so a newly imported person is never silently missing from a print.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from garrison.accreditation.models import BadgeJob, Credential, Person
from garrison.events.models import Event

# Why a person the selection named has no page in the batch.
NO_CREDENTIAL = "no_credential"
REVOKED = "revoked"
NO_PHOTO = "no_photo"
WITHDRAWN = "withdrawn"


def reason_text(code: str) -> str:
    return {
        NO_CREDENTIAL: _("No badge issued yet (issue badges first; a category needs a zone)."),
        REVOKED: _("Their badge was revoked and no new one issued."),
        NO_PHOTO: _("No photo."),
        WITHDRAWN: _("No longer accredited."),
    }.get(code, _("Left out."))


@dataclass(frozen=True)
class Selection:
    category_id: int | None = None
    person_ids: tuple[int, ...] = ()
    import_batch_id: int | None = None
    unprinted: bool = False
    require_photo: bool = False

    @classmethod
    def of_job(cls, job: BadgeJob) -> Selection:
        return cls(
            category_id=job.category_id,
            person_ids=tuple(int(pk) for pk in job.person_ids),
            import_batch_id=job.import_batch_id,
            unprinted=job.unprinted,
            require_photo=job.require_photo,
        )


@dataclass
class Chosen:
    credentials: list[Credential]
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"person": id, "reason": code}


def people(event: Event, selection: Selection) -> QuerySet[Person]:
    """The people the selection names (before badges and photos are looked at)."""
    rows = Person.objects.filter(event=event)
    if selection.category_id is not None:
        rows = rows.filter(category_id=selection.category_id)
    if selection.person_ids:
        rows = rows.filter(pk__in=selection.person_ids)
    if selection.import_batch_id is not None:
        rows = rows.filter(import_batch_id=selection.import_batch_id)
    return rows


def choose(event: Event, selection: Selection) -> Chosen:
    """The badges to print, in print order, and everyone left out with the reason."""
    named = dict(people(event, selection).values_list("pk", "photo_sha256"))
    credentials = list(
        Credential.objects.filter(event=event, revoked_at__isnull=True, person_id__in=named)
        .select_related("person__category")
        .order_by("person__category__order", "person__full_name", "person_id", "-version")
    )
    current: dict[int, Credential] = {}
    for credential in credentials:  # newest version first: the one in force
        assert credential.person_id is not None  # noqa: S101 - filtered on person above
        current.setdefault(credential.person_id, credential)
    with_any = set(
        Credential.objects.filter(event=event, person_id__in=named).values_list(
            "person_id", flat=True
        )
    )
    chosen = Chosen(credentials=[])
    for person_id in [pk for pk in selection.person_ids if pk not in named]:
        chosen.skipped.append({"person": person_id, "reason": WITHDRAWN})
    left_out: set[int] = set()
    for person_id in sorted(named):
        badge = current.get(person_id)
        if badge is None:
            reason = REVOKED if person_id in with_any else NO_CREDENTIAL
        elif selection.unprinted and badge.printed_at is not None:
            # Printed already: "not printed yet" does not name them, so not left out either.
            left_out.add(person_id)
            continue
        elif selection.require_photo and not named[person_id]:
            reason = NO_PHOTO
        else:
            continue
        left_out.add(person_id)
        chosen.skipped.append({"person": person_id, "reason": reason})
    # ``current`` kept the print order of the query (category, then name).
    chosen.credentials = [badge for pk, badge in current.items() if pk not in left_out]
    return chosen


def skipped_rows(event: Event, skipped: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The left-out list for a page: each person's name (read now) and the reason in words."""
    names = dict(
        Person.objects.filter(event=event, pk__in=[row["person"] for row in skipped]).values_list(
            "pk", "full_name"
        )
    )
    return [
        {
            "id": row["person"],
            "name": names.get(row["person"]),
            "reason": reason_text(row["reason"]),
            "code": row["reason"],
        }
        for row in skipped
    ]
