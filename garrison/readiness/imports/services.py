"""The write path of inventory imports: preview a checked file, then confirm or discard it.

Nothing becomes a Resource until the preview is confirmed, and a file imports whole or not at all:
a preview with a bad row cannot be confirmed, and a confirmation writes every row or none: each row is checked again against the inventory as it is then (an identifier taken
since, a unit removed), and if any fails the whole import is refused with the row named.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.readiness import refs
from garrison.readiness.imports.table import check_rows, read
from garrison.readiness.live_events import IMPORT_CONFIRMED
from garrison.readiness.models import Action, ImportBatch, Resource, ResourceEvent
from garrison.readiness.resources import checks
from garrison.readiness.resources.services import (
    ResourceData,
    apply_data,
    clean,
    history_line,
    set_place,
    today_of,
)
from garrison.readiness.roles import LOGISTICS


def preview_import(membership: Membership, filename: str, data: bytes) -> ImportBatch:
    """Check the file and keep the result to confirm; no resource is created."""
    require_role(membership, LOGISTICS)
    good, problems = check_rows(membership.event_id, read(data), today_of(membership.event))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            event_id=membership.event_id,
            created_by=membership.user,
            filename=(filename or "upload")[:200],
            rows=good,
            problems=problems,
        )
        record(
            Actor.of_user(membership.user),
            "readiness.import.previewed",
            batch,
            event_id=membership.event_id,
            after={"good": len(good), "bad": len(problems)},
        )
    return batch


def _data(row: dict[str, Any]) -> ResourceData:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return ResourceData(
        type_id=row["type_id"],
        owner_unit_id=row["owner_unit_id"],
        identifier=row["identifier"],
        quantity=row["quantity"],
        place=row["place"],
        status=row["status"],
        condition=row["condition"],
        inspection_due=day(row["inspection_due"]),
        expires_on=day(row["expires_on"]),
        purchased_on=day(row["purchased_on"]),
        notes=row["notes"],
    )


def confirm_import(membership: Membership, batch: ImportBatch) -> int:
    """Create every good row of the preview, or none; how many items were created."""
    require_role(membership, LOGISTICS)
    today = today_of(membership.event)
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
        if locked.problems:
            raise DomainError(
                "import_has_bad_rows",
                _(
                    "Some rows of this file cannot be imported: correct them and check the file "
                    "again. Nothing has been imported."
                ),
                status=409,
            )
        lookups = checks.Lookups.of(membership.event_id)
        items: list[Resource] = []
        for row in locked.rows:
            data = _data(row)
            problems = clean(lookups, data, today)
            if problems:
                code, params, _field = problems[0]
                raise DomainError(
                    "import_stale",
                    _("Row %(row)d can no longer be imported: %(reason)s Check the file again.")
                    % {"row": row["row"], "reason": checks.reason_text(code, params)},
                    status=409,
                )
            if data.identifier:
                lookups.identifiers[data.identifier] = 0
            item = Resource(event_id=membership.event_id)
            apply_data(item, data)
            set_place(item, refs.parse(data.place))
            items.append(item)
        created = Resource.objects.bulk_create(items, batch_size=500)
        names = refs.labels(membership.event_id)
        ResourceEvent.objects.bulk_create(
            [
                history_line(
                    membership,
                    item,
                    Action.CREATED,
                    _("Imported"),
                    names.get(str(refs.of(item)), ""),
                )
                for item in created
            ],
            batch_size=500,
        )
        locked.status = ImportBatch.Status.IMPORTED
        locked.save(update_fields=["status"])
        record(
            Actor.of_user(membership.user),
            "readiness.import.confirmed",
            locked,
            event_id=membership.event_id,
            after={"created": len(created)},
        )
        IMPORT_CONFIRMED.emit(membership.event, {"created": len(created)})
    return len(created)


def discard_import(membership: Membership, batch: ImportBatch) -> None:
    require_role(membership, LOGISTICS)
    with transaction.atomic():
        updated = ImportBatch.objects.filter(
            pk=batch.pk, event_id=membership.event_id, status=ImportBatch.Status.PENDING
        ).update(status=ImportBatch.Status.DISCARDED, rows=[])
        if updated:
            record(
                Actor.of_user(membership.user),
                "readiness.import.discarded",
                batch,
                event_id=membership.event_id,
            )
