"""The write path for imports of people: preview a checked file, then confirm or discard it.

Nothing becomes a Person until the officer confirms the preview. Rows that became duplicates
between the preview and the confirmation are skipped, never imported twice.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.categories.services import actor
from garrison.accreditation.imports.table import check_rows, read_table
from garrison.accreditation.live_events import IMPORT_CONFIRMED
from garrison.accreditation.models import Category, ImportBatch, Person
from garrison.accreditation.people.names import search_name
from garrison.accreditation.people.services import dedupe_key
from garrison.accreditation.roles import OFFICERS
from garrison.audit.services import record
from garrison.core.errors import DomainError


def preview_import(membership: Membership, filename: str, data: bytes) -> ImportBatch:
    """Check the file and keep the result for the officer to confirm; no person is created."""
    require_role(membership, OFFICERS)
    table = read_table(data)
    good, problems = check_rows(membership.event_id, table)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            event_id=membership.event_id,
            created_by=membership.user,
            filename=(filename or "upload")[:200],
            rows=good,
            problems=problems,
            total_rows=len(good) + len(problems),
        )
        record(
            actor(membership),
            "accreditation.import.previewed",
            batch,
            event_id=membership.event_id,
            # Counts only: the file's name may be a person's, and the entry names the batch.
            after={"good": len(good), "bad": len(problems)},
        )
    return batch


def confirm_import(membership: Membership, batch: ImportBatch) -> int:
    """Create the batch's good rows as people (skipping any that became duplicates since)."""
    require_role(membership, OFFICERS)
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(
            pk=batch.pk, event_id=membership.event_id
        )
        if locked.status != ImportBatch.Status.PENDING:
            raise DomainError(
                "import_closed",
                _("This import has already been confirmed or discarded."),
                status=409,
            )
        good: list[dict[str, Any]] = locked.rows
        existing = set(
            Person.objects.filter(event_id=membership.event_id).values_list("dedupe_key", flat=True)
        )
        refs = set(
            Person.objects.filter(event_id=membership.event_id)
            .exclude(ref="")
            .values_list("ref", flat=True)
        )
        valid_categories = set(
            Category.objects.filter(event_id=membership.event_id).values_list("pk", flat=True)
        )
        people = []
        for row in good:
            key = dedupe_key(row["full_name"], row["organisation"])
            if key in existing or (row["ref"] and row["ref"] in refs):
                continue
            if row["category_id"] not in valid_categories:
                continue
            existing.add(key)
            if row["ref"]:
                refs.add(row["ref"])
            people.append(
                Person(
                    event_id=membership.event_id,
                    category_id=row["category_id"],
                    full_name=row["full_name"],
                    organisation=row["organisation"],
                    position=row["position"],
                    ref=row["ref"],
                    dedupe_key=key,
                    search_name=search_name(row["full_name"], row["organisation"]),
                    import_batch=locked,
                )
            )
        Person.objects.bulk_create(people, batch_size=500)
        locked.status = ImportBatch.Status.IMPORTED
        locked.save(update_fields=["status"])
        record(
            actor(membership),
            "accreditation.import.confirmed",
            locked,
            event_id=membership.event_id,
            after={"created": len(people), "skipped": len(good) - len(people)},
        )
        IMPORT_CONFIRMED.emit(membership.event, {"created": len(people)})
    return len(people)


def discard_import(membership: Membership, batch: ImportBatch) -> None:
    require_role(membership, OFFICERS)
    with transaction.atomic():
        updated = ImportBatch.objects.filter(
            pk=batch.pk, event_id=membership.event_id, status=ImportBatch.Status.PENDING
        ).update(status=ImportBatch.Status.DISCARDED, rows=[])
        if updated:
            record(
                actor(membership),
                "accreditation.import.discarded",
                batch,
                event_id=membership.event_id,
            )
