"""The import templates to download: CSV and XLSX, headers in English or Vietnamese.

The headers are exactly ``table.HEADERS``, which the importer reads, and one example row
follows them. The example row carries ``table.EXAMPLE_REF`` as its reference: the importer
recognises it and leaves it out (the preview says so), so a template sent back unchanged is
accepted and creates nobody.
"""

from __future__ import annotations

import csv
import io

from garrison.accreditation.imports.table import EXAMPLE_REF, HEADERS
from garrison.accreditation.models import Category
from garrison.events.models import Event

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXAMPLES = {
    "en": {"full_name": "Example Person", "organisation": "Ministry", "position": "Officer"},
    "vi": {
        "full_name": "Nguyễn Văn Mẫu",
        "organisation": "Bộ Ngoại giao",
        "position": "Chuyên viên",
    },
}


def template_rows(event: Event, language: str) -> list[list[str]]:
    """The header row and the example row (its category: the event's first, by code)."""
    headers = HEADERS[language]
    category = Category.objects.filter(event=event).first()
    example = {
        **EXAMPLES[language],
        "category": category.code if category is not None else "DEL",
        "ref": EXAMPLE_REF,
    }
    return [list(headers.values()), [example[column] for column in headers]]


def template_file(event: Event, language: str, fmt: str) -> bytes:
    rows = template_rows(event, language)
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        # With a byte-order mark Excel opens the file as UTF-8 and the accents survive.
        return out.getvalue().encode("utf-8-sig")
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its first sheet
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(rows[0], start=1):
        width = max(len(row[index - 1]) for row in rows) + 4
        sheet.column_dimensions[get_column_letter(index)].width = max(width, len(header) + 4)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
