"""The audit pages in the role × URL matrix: commanders only."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from garrison.accounts.roles import AUDIT_READERS
from garrison.audit.services import SYSTEM, record
from garrison.core.testing import Route
from garrison.events.models import Event

READERS: frozenset[str] = frozenset(AUDIT_READERS)


def an_entry_of(event: Event) -> dict[str, Any]:
    with transaction.atomic():
        entry = record(
            SYSTEM, "events.event.updated", event, event_id=event.pk, after={"name": event.name}
        )
    return {"entry_id": entry.pk}


ROUTES: list[Route] = [
    Route("audit:list", READERS),
    Route("audit:detail", READERS, kwargs=an_entry_of),
    Route("audit:verify", READERS, method="POST"),
]
