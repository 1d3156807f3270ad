"""Reading an uploaded table (CSV or XLSX) into rows of text cells, for every app's imports.

Checks what any import must: size, encoding, a damaged or oversized spreadsheet (a zip bomb), the
number of rows. What the columns mean is each importer's business.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# The uncompressed size an XLSX of MAX_ROWS short rows needs, many times over; a bigger
# archive is a zip bomb or not a table.
MAX_XLSX_UNCOMPRESSED = 50 * 1024 * 1024


def refuse_file(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="file")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a delegate number typed in Excel comes back as 17.0
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


def read_table(data: bytes) -> list[list[str]]:
    """The file's rows as text cells, XLSX recognised by content (a ZIP), anything else as CSV."""
    if len(data) > MAX_FILE_BYTES:
        raise refuse_file("too_large", _("The file is larger than 2 MB."))
    if not data.strip():
        raise refuse_file("empty_file", _("The file is empty."))
    rows = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    table: list[list[str]] = []
    for row in rows:
        if len(table) > MAX_ROWS:
            raise refuse_file(
                "too_many_rows", _("At most %(n)d rows per import.") % {"n": MAX_ROWS}
            )
        table.append(row)
    return table
