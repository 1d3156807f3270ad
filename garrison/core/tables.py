"""Reading an uploaded table (CSV or XLSX) into rows of text cells, for every import's preview.

Platform code: it knows no app. Each import names its own limits and checks its own columns; what
they share is reading the file safely (size, row count and zip-bomb limits, the encoding, the CSV
dialect, Excel's numbers) and refusing a bad file with one message, never a 500.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError

MiB = 1024 * 1024
# The uncompressed size a spreadsheet of a few thousand short rows needs, many times over; a
# bigger archive is a zip bomb or not a list at all.
MAX_XLSX_UNCOMPRESSED = 50 * MiB


def fold(text: str) -> str:
    """Text compared as people mean it: case, accents and spacing ignored ("Họ Tên" = "ho ten")."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").split())


def refuse_file(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed in Excel comes back as 17.0
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        value = value.date()  # a date typed in Excel comes back as midnight of that day
    return str(value)


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse_file(
            "bad_encoding", _("The CSV file is not UTF-8. Save it again as “CSV UTF-8”.")
        ) from exc
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error as exc:
        raise refuse_file("bad_csv", _("The CSV file cannot be read.")) from exc


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise refuse_file("too_large", _("The spreadsheet is too large."))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged file; all mean the same
        raise refuse_file("bad_xlsx", _("The spreadsheet cannot be read.")) from exc
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in row]
    except Exception as exc:
        raise refuse_file("bad_xlsx", _("The spreadsheet cannot be read.")) from exc
    finally:
        book.close()


def read_table(data: bytes, *, max_bytes: int, max_rows: int) -> list[list[str]]:
    """The file's rows as text cells, XLSX recognised by content (a ZIP), anything else as CSV."""
    if len(data) > max_bytes:
        raise refuse_file(
            "too_large",
            _("The file is larger than %(n)d MB.") % {"n": max(1, max_bytes // MiB)},
        )
    if not data.strip():
        raise refuse_file("empty_file", _("The file is empty."))
    rows = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    table: list[list[str]] = []
    for row in rows:
        if len(table) > max_rows:
            raise refuse_file(
                "too_many_rows", _("At most %(n)d rows per import.") % {"n": max_rows}
            )
        table.append(row)
    return table
