"""The purge of one declaration's fields (``garrison.core.personal``) for one event, in batches.

A row is still personal while any of its declared fields holds a value: a text that is not empty
(or, for the ``renamed`` field, not yet the row's pseudonym), bytes that are not empty, a number
that is not NULL. The purge empties them — text to "", bytes to NULL (or b"" where the column
cannot be NULL), numbers to NULL, the strings under ``json_keys`` inside a JSON value to "" — and
names the row by its pseudonym in ``renamed``. Free text (``personal.free_text``) is purged the
same way, each non-empty value replaced by ``personal.REMOVED``.
So "what is left to purge" is a query, not a note kept aside: a purge killed between two batches
and run again finds exactly the rows the first one did not reach, and a purge of a purged event
finds none.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db import models
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from garrison.core.models import LiveEvent
from garrison.core.personal import BYTES, JSON, NUMBER, REMOVED, TEXT, Declaration, FreeText


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
    fields, so a declaration needs at least one text, bytes or number field to be found by this."""
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
        elif kind == NUMBER:
            found |= Q(**{f"{name}__isnull": False})
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
        elif kind == NUMBER:
            values[name] = None
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


# --- Free text --------------------------------------------------------------------------------


def text_rows(registered: FreeText, event_id: int) -> QuerySet[Any]:
    return registered.model._default_manager.filter(**{registered.event: event_id})


def _text_left(registered: FreeText) -> Q:
    found = Q(pk__in=[])
    for name in registered.fields:
        found |= Q(**{f"{name}__gt": ""}) & ~Q(**{name: REMOVED})
    return found


def text_pending(registered: FreeText, event_id: int) -> QuerySet[Any]:
    """The event's rows whose free text still holds words."""
    return text_rows(registered, event_id).filter(_text_left(registered))


def purge_text_batch(registered: FreeText, event_id: int, limit: int) -> int:
    """Replace the free text of at most ``limit`` of the event's rows by ``REMOVED`` (an empty
    one stays empty: nothing was written there); how many rows. In the caller's transaction."""
    pks = list(
        text_pending(registered, event_id).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    if not pks:
        return 0
    registered.model._default_manager.filter(pk__in=pks).update(
        **{
            name: Case(When(**{name: ""}, then=Value("")), default=Value(REMOVED))
            for name in registered.fields
        }
    )
    return len(pks)
