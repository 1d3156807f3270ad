"""What each app puts in an event's archive: its tables, its documents, its statistics.

An event's archive (``garrison.events.services.archive``) is the record of what happened, kept
after the people in it are gone. What it holds is said by the apps that own the data, each in its
own ``archive`` module, the way each says what is personal in its ``personal`` module, so the
events layer that writes the archive never imports a domain app:

    # garrison/ops/archive.py
    contribute(
        "ops",
        tables=lambda event: [model_table("ops/incidents", Incident.objects.filter(event=event),
                                          ["reference", "type__code", "description", ...])],
        statistics=incident_statistics,
    )

A table's columns that the apps declared personal (``core.personal.declare``) or free text
(``core.personal.free_text``) are withheld — written empty — unless the export asks for personal
data, so a new personal field is kept out of the archive the day it is declared. A document
(a PDF) that names people says so (``personal=True``) and is left out likewise.

The zip is written as a stream (``stream_zip``): nothing of it is stored on the server, so an
archive with people in it leaves no copy behind for the purge to find.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from garrison.core import personal

# Rows fetched per round trip while a table is written.
CHUNK = 2000


@dataclass(frozen=True)
class Table:
    """Rows of one kind: ``json/<name>.json`` and ``csv/<name>.csv`` in the archive."""

    name: str  # "ops/incidents"
    columns: tuple[str, ...]
    # Called once per format: a fresh iterator of rows, in ``columns`` order.
    rows: Callable[[], Iterator[Sequence[Any]]]
    # Columns that hold personal data or free text: empty unless personal data is asked for.
    personal: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Document:
    """A file as it is (``documents/<name>``): a stored PDF, or one built for the archive."""

    name: str  # "drills/after-action-3.pdf"
    build: Callable[[], bytes]
    # It names people: only in an archive with personal data.
    personal: bool = False


# The event is passed as it is; the core cannot name the events app's model.
Tables = Callable[[Any], list[Table]]
Documents = Callable[[Any], list[Document]]
Statistics = Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    app: str
    tables: Tables | None = None
    documents: Documents | None = None
    statistics: Statistics | None = None


_sections: dict[str, Section] = {}


def contribute(
    app: str,
    *,
    tables: Tables | None = None,
    documents: Documents | None = None,
    statistics: Statistics | None = None,
) -> Section:
    """Say what ``app`` puts in every event's archive (once, from its ``archive`` module)."""
    section = Section(app, tables, documents, statistics)
    existing = _sections.get(app)
    if existing is not None and existing != section:
        raise ImproperlyConfigured(f"{app} contributes to the archive twice")
    _sections[app] = section
    return section


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: s.app)


# --- Tables from models ------------------------------------------------------------------------


def _personal_columns(model: type[Model], columns: Sequence[str]) -> frozenset[str]:
    declared = personal.declaration_of(model)
    names = set(declared.field_names()) if declared else set()
    names |= {name for text in personal.free_texts() if text.model is model for name in text.fields}
    return frozenset(column for column in columns if column in names)


def model_table(
    name: str,
    queryset: QuerySet[Any],
    columns: Sequence[str],
    *,
    also_personal: Iterable[str] = (),
) -> Table:
    """A table of ``queryset``'s ``columns`` (field names, ``fk_id``, ``fk__field``), its
    personal columns found in the registers; ``also_personal`` for any the registers cannot
    know (a related row's name)."""
    model: type[Model] = queryset.model
    cols = tuple(columns)
    withheld = _personal_columns(model, cols) | frozenset(also_personal)

    def rows() -> Iterator[Sequence[Any]]:
        return queryset.order_by("pk").values_list(*cols).iterator(chunk_size=CHUNK)

    return Table(name, cols, rows, withheld)


def plain(value: Any) -> Any:
    """A value as JSON holds it: times in ISO 8601, numbers as numbers, ids as strings."""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


# --- Writing -----------------------------------------------------------------------------------


@dataclass
class Written:
    """What went into the archive, for its manifest."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)


def _shown(table: Table, with_personal: bool) -> list[bool]:
    return [with_personal or column not in table.personal for column in table.columns]


def table_json(
    table: Table, with_personal: bool, counted: dict[str, Any] | None = None
) -> Iterator[bytes]:
    shown = _shown(table, with_personal)
    n = 0
    yield b"["
    for row in table.rows():
        item = {
            column: plain(value) if keep else None
            for column, value, keep in zip(table.columns, row, shown, strict=True)
        }
        yield (b",\n" if n else b"\n") + json.dumps(item, ensure_ascii=False).encode()
        n += 1
    yield b"\n]\n"
    if counted is not None:
        counted["rows"] = n


def _cell(value: Any) -> Any:
    value = plain(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value


def table_csv(table: Table, with_personal: bool) -> Iterator[bytes]:
    shown = _shown(table, with_personal)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # A byte-order mark: spreadsheets then read the Vietnamese letters as UTF-8.
    buffer.write("\ufeff")
    writer.writerow(table.columns)
    for n, row in enumerate(table.rows(), 1):
        writer.writerow([_cell(v) if keep else "" for v, keep in zip(row, shown, strict=True)])
        if n % CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


class _Pipe(io.RawIOBase):
    """Where the zip writes: kept until the stream takes it. Not seekable, so ``zipfile`` writes
    each entry's sizes after its data (a data descriptor) instead of going back for them."""

    def __init__(self) -> None:
        super().__init__()
        self._chunks: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self.size += len(chunk)
        return len(chunk)

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks, self.size = [], 0
        return data


# Bytes held before they are handed to the stream.
FLUSH_AT = 256 * 1024


def stream_zip(entries: Iterable[tuple[str, Iterable[bytes]]]) -> Iterator[bytes]:
    """The zip of ``entries`` (name, its content in pieces), as it is written: an entry's content
    is read piece by piece, so a large table never sits in memory whole."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in entries:
            with archive.open(name, "w") as entry:
                for piece in pieces:
                    entry.write(piece)
                    if pipe.size >= FLUSH_AT:
                        yield pipe.take()
            if pipe.size >= FLUSH_AT:
                yield pipe.take()
    yield pipe.take()
