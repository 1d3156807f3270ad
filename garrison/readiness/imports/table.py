"""Checking an inventory file row by row (no writes here): the preview's good and bad rows.

Each row is held to the same rules as the form (``resources.checks``), and rows of one file are
checked against each other (an identifier twice). Reasons are kept as codes with parameters, so
the preview shows them in the reader's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError
from garrison.core.tables import fold, read_table
from garrison.events.models import Site, Zone
from garrison.forces.models import Post, Unit
from garrison.readiness.models import Condition, ResourceStatus, ResourceType
from garrison.readiness.resources import checks
from garrison.readiness.resources.services import ResourceData, clean

MAX_FILE_BYTES = 1024 * 1024  # within the common request limit: no upload exception needed
MAX_ROWS = 5000

# Every header the importer reads, compared folded (case, accents and spacing ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "resource type", "loai", "loai phuong tien", "chung loai"),
    "identifier": ("identifier", "serial", "serial number", "so hieu", "so seri", "ma"),
    "quantity": ("quantity", "qty", "so luong"),
    "owner": ("owner", "unit", "owner unit", "don vi", "don vi quan ly"),
    "site": ("site", "dia diem", "muc tieu"),
    "zone": ("zone", "khu vuc"),
    "post": ("post", "chot", "vi tri"),
    "status": ("status", "trang thai"),
    "condition": ("condition", "tinh trang"),
    "inspection_due": ("inspection due", "next inspection", "han kiem dinh", "kiem dinh"),
    "expires_on": ("expires", "expiry", "expires on", "han su dung", "het han"),
    "purchased_on": ("purchased", "purchase date", "ngay mua", "ngay trang bi"),
    "notes": ("notes", "remarks", "ghi chu"),
}
REQUIRED = ("type", "owner")
_ALIASES = {fold(alias): column for column, aliases in COLUMNS.items() for alias in aliases}


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        column = _ALIASES.get(fold(title.replace("_", " ")).rstrip("*: ").strip())
        if column is not None and column not in found:
            found[column] = index
    if any(column not in found for column in REQUIRED):
        raise DomainError(
            "missing_columns",
            _("The first row must name the columns; “type” and “owner” are required."),
            field="file",
        )
    return found


def _date(text: str) -> dt.date | None:
    """YYYY-MM-DD (what a spreadsheet's date becomes) or DD/MM/YYYY (as written in Viet Nam)."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


# The words a list may use for a status or a condition, folded, in either language.
WORDS: dict[str, str] = {
    "dang su dung": ResourceStatus.IN_SERVICE,
    "san sang": ResourceStatus.IN_SERVICE,
    "hoat dong": ResourceStatus.IN_SERVICE,
    "hong": ResourceStatus.OUT_OF_SERVICE,
    "ngung su dung": ResourceStatus.OUT_OF_SERVICE,
    "khong su dung duoc": ResourceStatus.OUT_OF_SERVICE,
    "bao duong": ResourceStatus.MAINTENANCE,
    "bao tri": ResourceStatus.MAINTENANCE,
    "dang sua chua": ResourceStatus.MAINTENANCE,
    "tot": Condition.GOOD,
    "kha": Condition.FAIR,
    "trung binh": Condition.FAIR,
    "kem": Condition.POOR,
}


def _choice(text: str, choices: Any, default: str) -> str:
    """A status or condition by its value, its label (English or the reader's) or a usual word."""
    if not text:
        return default
    wanted = fold(text.replace("_", " "))
    for value, label in choices.choices:
        if wanted in (fold(value.replace("_", " ")), fold(str(label))):
            return str(value)
    word = WORDS.get(wanted)
    return str(word) if word in choices.values else text


def _lookup(event_id: int) -> dict[str, dict[str, int]]:
    types: dict[str, int] = {}
    for pk, code, name in ResourceType.objects.filter(event_id=event_id).values_list(
        "pk", "code", "name"
    ):
        types[fold(code)] = pk
        types[fold(name)] = pk
    return {
        "type": types,
        "owner": {
            fold(code): pk
            for pk, code in Unit.objects.filter(event_id=event_id).values_list("pk", "code")
        },
        "site": {
            fold(name): pk
            for pk, name in Site.objects.filter(event_id=event_id).values_list("pk", "name")
        },
        "zone": {
            fold(code): pk
            for pk, code in Zone.objects.filter(event_id=event_id).values_list("pk", "code")
        },
        "post": {
            fold(code): pk
            for pk, code in Post.objects.filter(event_id=event_id).values_list("pk", "code")
        },
    }


def check_rows(
    event_id: int, table: list[list[str]], today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(good rows as cleaned values, problems as {row, label, reasons: [[code, params]]})."""
    if not table:
        raise DomainError("empty_file", _("The file is empty."), field="file")
    columns = _header_map(table[0])
    names = _lookup(event_id)
    lookups = checks.Lookups.of(event_id)
    seen: dict[str, int] = {}
    good: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for number, raw in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue  # blank lines at the end of a sheet are not rows
        values = {
            column: " ".join((raw[index] if index < len(raw) else "").split())
            for column, index in columns.items()
        }
        label = f"{values.get('type', '')} {values.get('identifier', '')}".strip()[:60]
        reasons: list[list[Any]] = [
            [code, params] for code, params, _field in checks.text_problems(values)
        ]
        dates: dict[str, dt.date | None] = {}
        for column in ("inspection_due", "expires_on", "purchased_on"):
            try:
                dates[column] = _date(values.get(column, ""))
            except ValueError:
                dates[column] = None
                reasons.append(["bad_date", {"column": column}])
        quantity_text = values.get("quantity", "") or "1"
        try:
            quantity = int(quantity_text)
        except ValueError:
            quantity = 1
            reasons.append(["bad_quantity", {}])
        places = [
            f"{kind}:{names[kind][fold(values[kind])]}"
            if fold(values[kind]) in names[kind]
            else "?"
            for kind in ("site", "zone", "post")
            if values.get(kind)
        ]
        if len(places) > 1 or "?" in places:
            reasons.append(["unknown_place", {}])
        data = ResourceData(
            type_id=names["type"].get(fold(values["type"])),
            owner_unit_id=names["owner"].get(fold(values["owner"])),
            identifier=values.get("identifier", ""),
            quantity=quantity,
            place=places[0] if len(places) == 1 and places[0] != "?" else "",
            status=_choice(values.get("status", ""), ResourceStatus, ResourceStatus.IN_SERVICE),
            condition=_choice(values.get("condition", ""), Condition, Condition.GOOD),
            inspection_due=dates["inspection_due"],
            expires_on=dates["expires_on"],
            purchased_on=dates["purchased_on"],
            notes=values.get("notes", ""),
        )
        if not reasons:
            reasons += [[code, params] for code, params, _field in clean(lookups, data, today)]
        identifier = " ".join(data.identifier.split())
        if identifier:
            if identifier in seen:
                reasons.append(["duplicate_in_file", {"row": seen[identifier]}])
            seen.setdefault(identifier, number)
        if reasons:
            problems.append({"row": number, "label": label, "reasons": reasons})
            continue
        good.append(
            {
                "row": number,
                **{
                    key: value.isoformat() if isinstance(value, dt.date) else value
                    for key, value in data.__dict__.items()
                },
            }
        )
    return good, problems


def read(data: bytes) -> list[list[str]]:
    return read_table(data, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS)
