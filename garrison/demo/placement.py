"""Removing a demo event placed for another day, so ``load_demo`` can place it again.

A demo's dates are signed into its badges, planned into its roster, closures and notices, and
stamped on its incidents: shifting them in place would mean re-doing each domain's work by hand.
Removing the demo event with everything that belongs to it and loading it afresh goes through
the same services as a first load. Users and their TOTP devices are not the event's and stay.

The audit log is append-only and keeps every entry about the removed demo (its references are
plain ids); one entry more records the removal.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import models, transaction
from django.db.models.deletion import ProtectedError

from garrison.audit.services import SYSTEM, record
from garrison.events.models import Event

# Deep enough for the demo's command tree (units protect their sub-units) with room to spare.
MAX_DEPTH = 30


def remove_event(event: Event, *, reason: str) -> None:
    """Delete ``event`` and every row that belongs to it, in the caller's transaction."""
    with transaction.atomic():
        record(
            SYSTEM,
            "demo.event.removed",
            event,
            event_id=event.pk,
            before={"slug": event.slug, "starts_on": event.starts_on, "ends_on": event.ends_on},
            after={"reason": reason},
        )
        _delete(Event.objects.filter(pk=event.pk), event.pk, depth=0)


def _delete(rows: models.QuerySet[Any], event_id: int, depth: int) -> None:
    """Delete ``rows`` with their cascade, deleting first whatever protects them.

    Several of the event's rows protect others of the same event from deletion (a unit its
    members and sub-units, a zone its checkpoints, a category its people ...), which Django's
    cascade refuses even when both would go. So the protecting rows go first, recursively —
    after a check that each belongs to the event being removed, never to another.
    """
    if depth > MAX_DEPTH:
        raise RuntimeError("the demo event's rows protect each other too deeply to remove")
    while True:
        try:
            rows.delete()
            return
        except ProtectedError as exc:
            blocking: dict[type[models.Model], list[Any]] = defaultdict(list)
            for obj in exc.protected_objects:
                blocking[type(obj)].append(obj.pk)
            for model, pks in blocking.items():
                protecting = model._base_manager.filter(pk__in=pks)
                _check_owner(model, protecting, event_id, exc)
                _delete(protecting, event_id, depth + 1)


def _check_owner(
    model: type[models.Model], rows: models.QuerySet[Any], event_id: int, exc: Exception
) -> None:
    """Refuse when one of ``rows`` has an event and it is not the demo's.

    One query per model: Django hands over the protecting rows with their primary key only, so
    reading each one's ``event_id`` would cost a query per row (thousands for the demo's people).
    """
    if not any(field.attname == "event_id" for field in model._meta.concrete_fields):
        return
    # ``exclude`` keeps rows whose event is NULL: they are not the demo's either.
    stray = rows.exclude(event_id=event_id).values_list("pk", flat=True).first()
    if stray is not None:
        raise RuntimeError(
            f"{model._meta.label} {stray} of another event refers to the demo"
        ) from exc
