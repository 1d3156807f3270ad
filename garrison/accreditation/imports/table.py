"""Reading a people list from a CSV or XLSX file and checking every row (no writes here).

Nothing becomes a Person until the officer confirms the preview (``services``). Bad rows are
listed with their row number and every reason (as codes with parameters, so the preview shows
them in the reader's language); they never reach the people table. Duplicates — the same
reference, or the same name and organisation, inside the file or already accredited — are bad
rows too.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from garrison.accreditation.models import Category, Person
from garrison.accreditation.people.names import fold
from garrison.accreditation.people.services import dedupe_key
from garrison.core import tables
from garrison.core.errors import DomainError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000

# The template's headers, in the column order of the template, per language: what the import
# page names and the downloads carry (``templates``). Every one is also an alias below.
HEADERS: dict[str, dict[str, str]] = {
    "en": {
        "full_name": "Full name",
        "category": "Category",
        "organisation": "Organisation",
        "position": "Position",
        "ref": "Reference",
    },
    "vi": {
        "full_name": "Họ và tên",
        "category": "Loại thẻ",
        "organisation": "Đơn vị",
        "position": "Chức vụ",
        "ref": "Mã tham chiếu",
    },
}
# Every header the importer reads, compared folded (case, accents and spacing ignored), so
# "HO VA TEN", "họ và tên" and "Họ và Tên" are the same column.
COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("full_name", "name", "full name", "họ và tên", "họ tên", "tên"),
    "organisation": ("organisation", "organization", "org", "đơn vị", "cơ quan"),
    "category": ("category", "loại", "loại thẻ", "đối tượng"),
    "position": ("position", "title", "chức vụ"),
    "ref": ("ref", "reference", "number", "mã", "số thẻ", "mã tham chiếu"),
}
# The reference of the template's example row: that row is recognised and left out, so a
# template sent back unchanged imports nobody instead of an invented person.
EXAMPLE_REF = "EXAMPLE-0001"
LIMITS = {"full_name": 200, "organisation": 200, "position": 200, "ref": 40, "category": 120}


def headers(language: str | None = None) -> dict[str, str]:
    """The template's headers in ``language`` (default: the active one; English if unknown)."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return HEADERS.get(code, HEADERS["en"])


def reason_text(code: str, params: dict[str, Any]) -> str:
    """A row problem in the reader's language."""
    messages = {
        "missing_name": _("The name is empty."),
        "too_long": _("%(column)s is longer than %(n)d characters."),
        "unknown_category": _("Unknown category “%(value)s”."),
        "missing_category": _("The category is empty."),
        "duplicate_in_file": _("Same person as row %(row)d."),
        "duplicate_ref_in_file": _("Same reference as row %(row)d."),
        "already_accredited": _("Already accredited with this name and organisation."),
        "ref_taken": _("Another accredited person has this reference."),
        "bad_text": _("%(column)s holds characters that cannot be stored."),
        "example_row": _("The template's example row: left out."),
    }
    template = messages.get(code, _("The row is not valid."))
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return template


def read_table(data: bytes) -> list[list[str]]:
    """The file's rows as text cells, XLSX recognised by content (a ZIP), anything else as CSV."""
    return tables.read_table(data, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS)


def _refuse(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="file")


_ALIASES = {fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        # A trailing "*" (required) or ":" is decoration some spreadsheets add.
        column = _ALIASES.get(fold(title.replace("_", " ")).rstrip("*: ").strip())
        if column is not None and column not in found:
            found[column] = index
    if "full_name" not in found or "category" not in found:
        names = headers()
        raise _refuse(
            "missing_columns",
            _("The first row must name the columns; “%(name)s” and “%(category)s” are required.")
            % {"name": names["full_name"], "category": names["category"]},
        )
    return found


def check_rows(
    event_id: int, table: list[list[str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(good rows as cleaned values, problems as {row, name, reasons: [[code, params]]})."""
    columns = _header_map(table[0])
    categories: dict[str, int] = {}
    for category in Category.objects.filter(event_id=event_id):
        categories[fold(category.code)] = category.pk
        categories[fold(category.name)] = category.pk
    known_keys = set(Person.objects.filter(event_id=event_id).values_list("dedupe_key", flat=True))
    known_refs = set(
        Person.objects.filter(event_id=event_id).exclude(ref="").values_list("ref", flat=True)
    )
    seen_keys: dict[str, int] = {}
    seen_refs: dict[str, int] = {}
    good: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue  # blank lines at the end of a sheet are not rows
        values = {
            column: " ".join((raw[index] if index < len(raw) else "").split())
            for column, index in columns.items()
        }
        values.setdefault("organisation", "")
        values.setdefault("position", "")
        values.setdefault("ref", "")
        if values["ref"] == EXAMPLE_REF:
            problems.append(
                {"row": number, "name": values["full_name"][:60], "reasons": [["example_row", {}]]}
            )
            continue
        reasons: list[list[Any]] = []
        for column, text in values.items():
            if "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
                reasons.append(["bad_text", {"column": column}])
            elif len(text) > LIMITS[column]:
                reasons.append(["too_long", {"column": column, "n": LIMITS[column]}])
        if not values["full_name"]:
            reasons.append(["missing_name", {}])
        category_id = categories.get(fold(values["category"]))
        if not values["category"]:
            reasons.append(["missing_category", {}])
        elif category_id is None:
            reasons.append(["unknown_category", {"value": values["category"][:40]}])
        key = dedupe_key(values["full_name"], values["organisation"])
        if values["full_name"]:
            if key in seen_keys:
                reasons.append(["duplicate_in_file", {"row": seen_keys[key]}])
            elif key in known_keys:
                reasons.append(["already_accredited", {}])
        if values["ref"]:
            if values["ref"] in seen_refs:
                reasons.append(["duplicate_ref_in_file", {"row": seen_refs[values["ref"]]}])
            elif values["ref"] in known_refs:
                reasons.append(["ref_taken", {}])
        seen_keys.setdefault(key, number)
        if values["ref"]:
            seen_refs.setdefault(values["ref"], number)
        if reasons:
            problems.append({"row": number, "name": values["full_name"][:60], "reasons": reasons})
            continue
        good.append(
            {
                "row": number,
                "full_name": values["full_name"],
                "organisation": values["organisation"],
                "position": values["position"],
                "ref": values["ref"],
                "category_id": category_id,
            }
        )
    return good, problems
