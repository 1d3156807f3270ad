"""The proof that the audit log holds no personal data (docs/security.md #23).

After every test that used the database, ``garrison/conftest.py`` calls ``find_personal_data``:
it reads the values of every field declared personal (``garrison.core.personal``) in the rows
that exist then, and looks for each in every audit entry, so a payload, label or object name
that carries a person's name, contact, organisation, a file's name or a file's bytes fails the
test that wrote it. So does an entry that copies free text the purge may empty (a note, a
comment, minutes: ``core.personal.free_text``), which the chain must hold as its length only
(``garrison.audit.services.char_counts``).

What counts as "carries": a text value of at least ``MIN_LENGTH`` characters, found anywhere in
an entry's strings (casefolded, so "NGUYEN VAN AN" is caught too); for a file's bytes, their
digest's first 12 hex digits (what an entry would hold to "name" a photo), or a slice of the
bytes as hex, base64 or a Python bytes literal (what ``jsonable`` makes of ``bytes``). Free text
counts from ``FREE_TEXT_MIN_LENGTH`` characters (a short note, "on my way", reads like any
other words of the log), and not under the keys of what the purge keeps (``KEPT``).

Cost: one query per test that used the database; when it wrote audit entries, one or two more
(the declared text fields with the free text, the declared binary fields, each a single UNION
of all the models).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import CharField, F, Model, QuerySet, TextField, Value
from django.db.models.functions import Cast

from garrison.audit.models import Entry
from garrison.core.personal import (
    BYTES,
    JSON,
    NUMBER,
    REMOVED,
    TEXT,
    declarations,
    free_texts,
)

# Shorter values ("An", "Ha", a two-digit room) are found in too many unrelated words to mean a
# leak; a name, phone number or e-mail is longer.
MIN_LENGTH = 4
# Bytes are looked for as a slice from the start and one from the middle: enough to catch a
# payload holding the file (whole, or its start), short enough to search cheaply.
SLICE = 24
# Free text is looked for from this length: shorter, it is words any entry may hold ("checked").
FREE_TEXT_MIN_LENGTH = 12
# Keys whose strings are not searched for free text: what the purge keeps. A deliverable is the
# plan and stays (planning.personal), in its row as in the log; the free text it may have come
# with (a failed inspection item's notes) goes on the task as a comment, which the purge reaches.
KEPT = frozenset({"deliverable"})


@dataclass(frozen=True)
class Hit:
    seq: int
    action: str
    field: str  # "accreditation.person.full_name"
    row: object  # the declared row's pk

    def __str__(self) -> str:
        return f"audit entry #{self.seq} ({self.action}) carries {self.field} of row {self.row}"


def _strings(value: Any, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every string in a JSON value, keys included, but none under a key in ``skip``."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            if key not in skip:
                yield from _strings(item, skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip)


def _entry_text(row: Sequence[Any], skip: frozenset[str] = frozenset()) -> str:
    actor_label, object_type, object_id, object_repr, before, after = row
    parts = [actor_label, object_type, object_id, object_repr]
    parts += list(_strings(before, skip)) + list(_strings(after, skip))
    # A separator no value holds: a needle never spans two strings.
    return "\x00".join(parts).casefold()


def _column(model: type[Model], name: str, kind: str) -> QuerySet[Any]:
    manager = model._default_manager
    label = Value(f"{model._meta.label_lower}.{name}", output_field=CharField())
    value = F(name) if kind == BYTES else Cast(name, output_field=TextField())
    return manager.order_by().filter(**{f"{name}__isnull": False}).values_list(label, "pk", value)


@functools.cache
def _statement(alias: str, of_bytes: bool) -> tuple[str, tuple[Any, ...]] | None:
    """One UNION ALL of every declared column of one sort (text and JSON, or bytes):
    (field label, pk, value) rows. Compiled once: the declarations do not change."""
    columns = [
        _column(d.model, name, kind)
        for d in declarations()
        for name, kind in d.fields
        # A number (a latitude) is no needle: the log's other numbers would match it.
        if (kind == BYTES) == of_bytes and name not in d.shared and kind != NUMBER
    ]
    if not of_bytes:
        columns += [_column(f.model, name, TEXT) for f in free_texts() for name in f.fields]
    if not columns:
        return None
    first, *rest = columns
    union = first.union(*rest, all=True) if rest else first
    sql, params = union.query.get_compiler(alias).as_sql()
    return sql, tuple(params)


def _rows(of_bytes: bool) -> list[tuple[Any, ...]]:
    statement = _statement(connection.alias, of_bytes)
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return list(cursor.fetchall())


def _json_strings(value: Any, keys: frozenset[str]) -> Iterator[str]:
    """The strings under ``keys``, at any depth of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys and isinstance(item, str):
                yield item
            else:
                yield from _json_strings(item, keys)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, keys)


def _text_needles(rows: list[tuple[Any, ...]], free: bool) -> Iterator[tuple[str, object, str]]:
    """Of the text ``rows``, the declared values (``free``: the free text) worth looking for."""
    keys = {
        f"{d.label}.{name}": d.json_keys
        for d in declarations()
        for name, kind in d.fields
        if kind == JSON
    }
    pseudonyms = {
        f"{d.label}.{d.renamed}": d.pseudonym for d in declarations() if d.renamed is not None
    }
    free_fields = {f"{f.label}.{name}" for f in free_texts() for name in f.fields}
    for field, pk, value in rows:
        if (field in free_fields) != free:
            continue
        # A JSON column comes back as its text: read it, keep only the declared keys' strings.
        json_keys = keys.get(field)
        values = [value] if json_keys is None else list(_json_strings(json.loads(value), json_keys))
        for text in values:
            text = text.strip()
            if field in pseudonyms and text == f"{pseudonyms[field]} #{pk}":
                continue  # a purged row's name is its pseudonym, which the log may show
            if free and (len(text) < FREE_TEXT_MIN_LENGTH or text == REMOVED):
                continue
            if len(text) >= MIN_LENGTH:
                yield field, pk, text.casefold()


def _byte_forms(data: bytes) -> Iterator[str]:
    yield hashlib.sha256(data).hexdigest()[:12]
    if len(data) < SLICE:
        return  # a few bytes (a test's stand-in for a photo) would match by chance
    middle = len(data) // 2 // 3 * 3  # a multiple of 3: base64 of the whole contains its slice's
    for part in (data[:SLICE], data[middle : middle + SLICE]):
        yield part.hex()
        yield base64.b64encode(part).decode()
        yield repr(part)[2:-1]


def _byte_needles() -> Iterator[tuple[str, object, str]]:
    for field, pk, value in _rows(of_bytes=True):
        data = bytes(value)
        if data:
            for form in _byte_forms(data):
                yield field, pk, form.casefold()


def find_personal_data() -> list[Hit]:
    """Every (audit entry, declared value) pair where the entry carries the value."""
    entries = list(
        Entry.objects.order_by("seq").values_list(
            "seq",
            "action",
            "actor_label",
            "object_type",
            "object_id",
            "object_repr",
            "before",
            "after",
        )
    )
    if not entries:
        return []
    texts = [(seq, action, _entry_text(rest)) for seq, action, *rest in entries]
    kept = [(seq, action, _entry_text(rest, KEPT)) for seq, action, *rest in entries]
    rows = _rows(of_bytes=False)
    hits: list[Hit] = []
    for needles, searched in (
        (_text_needles(rows, free=False), texts),
        (_byte_needles(), texts),
        (_text_needles(rows, free=True), kept),
    ):
        everything = "\x01".join(text for _seq, _action, text in searched)
        for field, pk, needle in needles:
            if needle not in everything:  # one search in all; the entries only on a hit
                continue
            hits += [
                Hit(seq, action, field, pk) for seq, action, text in searched if needle in text
            ]
    return hits


def check_audit_log() -> None:
    """Fail with every hit (the suite's autouse fixture calls this after each database test)."""
    if connection.needs_rollback:
        return  # the test left its transaction broken: nothing can be read until the rollback
    hits = find_personal_data()
    assert not hits, (
        "audit entries that carry personal data (garrison.audit.services says how to refer to "
        "people instead; a test's stand-in that is a common word, such as a device called "
        "'hotel', matches other text: give it a value that names nothing else):\n"
        + "\n".join(sorted({str(hit) for hit in hits}))
    )
