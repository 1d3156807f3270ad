"""The purge of one declaration's fields (``garrison.core.personal``) for one event, in batches.

A row is still personal while any of its declared fields holds a value: a text that is not empty
(or, for the ``renamed`` field, not yet the row's pseudonym), bytes that are not empty. The purge
empties them — text to "", bytes to NULL (or b"" where the column cannot be NULL), the strings
under ``json_keys`` inside a JSON value to "" — and names the row by its pseudonym in ``renamed``.
So "what is left to purge" is a query, not a note kept aside: a purge killed between two batches
and run again finds exactly the rows the first one did not reach, and a purge of a purged event
finds none.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import models
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat

from garrison.core.models import LiveEvent
from garrison.core.personal import BYTES, JSON, TEXT, Declaration


def rows_of(declaration: Declaration, event_id: int) -> QuerySet[Any]:
    """The event's rows of the declared model."""
    return declaration.model._default_manager.filter(**{declaration.event: event_id})


def _pseudonym_expression(declaration: Declaration) -> Concat:
    return Concat(
        Value(f"{declaration.pseudonym} #"),
        Cast("pk", output_field=CharField()),
        output_field=CharField(),
    )


def _nullable(declaration: Declaration, name: str) -> bool:
    return bool(declaration.model._meta.get_field(name).null)


def still_personal(declaration: Declaration) -> Q:
    """Rows that hold a value in a declared field. JSON fields are emptied with the row's other
    fields, so a declaration needs at least one text or bytes field to be found by this."""
    found = Q(pk__in=[])
    for name, kind in declaration.fields:
        if kind == TEXT and name == declaration.renamed:
            found |= ~Q(**{name: _pseudonym_expression(declaration)})
        elif kind == TEXT:
            found |= Q(**{f"{name}__gt": ""})
        elif kind == BYTES and _nullable(declaration, name):
            found |= Q(**{f"{name}__isnull": False})
        elif kind == BYTES:
            found |= ~Q(**{name: b""})
    return found


def pending(declaration: Declaration, event_id: int) -> QuerySet[Any]:
    return rows_of(declaration, event_id).filter(still_personal(declaration))


def _emptied(declaration: Declaration) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, kind in declaration.fields:
        if kind == TEXT:
            values[name] = (
                _pseudonym_expression(declaration) if name == declaration.renamed else Value("")
            )
        elif kind == BYTES:
            values[name] = None if _nullable(declaration, name) else b""
    return values


def scrub(value: Any, keys: frozenset[str]) -> Any:
    """``value`` with every string under ``keys``, at any depth, emptied."""
    if isinstance(value, dict):
        return {
            key: "" if key in keys and isinstance(item, str) else scrub(item, keys)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, keys) for item in value]
    return value


def purge_batch(declaration: Declaration, event_id: int, limit: int) -> int:
    """Empty the declared fields of at most ``limit`` of the event's rows that still hold them;
    how many. Runs inside the caller's transaction."""
    model: type[models.Model] = declaration.model
    pks = list(pending(declaration, event_id).order_by("pk").values_list("pk", flat=True)[:limit])
    if not pks:
        return 0
    manager = model._default_manager
    manager.filter(pk__in=pks).update(**_emptied(declaration))
    json_fields = [name for name, kind in declaration.fields if kind == JSON]
    if json_fields:
        rows = list(manager.filter(pk__in=pks).only("pk", *json_fields))
        for row in rows:
            for name in json_fields:
                setattr(row, name, scrub(getattr(row, name), declaration.json_keys))
        manager.bulk_update(rows, json_fields)
    return len(pks)


def live_events(event_id: int, kinds: Collection[str]) -> QuerySet[LiveEvent]:
    """The event's journalled live events of ``kinds`` (for an app's ``personal.also``)."""
    return LiveEvent.objects.filter(event_id=event_id, kind__in=list(kinds))


def drop_live_events(event_id: int, kinds: Collection[str], limit: int) -> int:
    """Delete at most ``limit`` of the event's journalled live events of ``kinds``; how many."""
    pks = list(live_events(event_id, kinds).order_by("pk").values_list("pk", flat=True)[:limit])
    LiveEvent.objects.filter(pk__in=pks).delete()
    return len(pks)
