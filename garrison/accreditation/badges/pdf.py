"""Printable badges (PDF): one per page, A6 portrait or CR80 card (85.6 × 54 mm) landscape.

Each badge: the category's colour band and name, the holder's photo (for the guard to compare
faces), name, organisation and position, the zone codes in large type, the first and last day it
is valid (event time zone, day first), the signed QR code and under it the short serial a guard
types when the camera fails.
The font (DejaVu Sans Condensed, shipped in ``data/``) is embedded: PDF core fonts have no
Vietnamese. The QR is drawn as vector squares, which stays sharp on any printer and costs far
less than embedding an image per badge.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from garrison.accreditation.credentials.signing import short_label
from garrison.accreditation.models import Credential
from garrison.events.models import Event, Zone

if TYPE_CHECKING:
    from fpdf import FPDF

# fpdf subsets the embedded font with fontTools, which logs every step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)
FONT = "DejaVuCond"


@dataclass(frozen=True)
class Layout:
    name: str
    width: float  # mm
    height: float
    band: float
    photo: tuple[float, float]
    qr: float
    name_size: float
    zone_size: float


LAYOUTS = {
    "a6": Layout("a6", 105, 148, 18, (32, 42), 48, 15, 26),
    "cr80": Layout("cr80", 85.6, 54, 8, (19, 25), 27, 9, 14),
}


def rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except (ValueError, IndexError):
        return 29, 78, 216


def _draw_qr(pdf: FPDF, code: str, x: float, y: float, size: float) -> None:
    # A fixed mask: choosing the "best" of eight costs most of the time and buys nothing a
    # printed badge needs. Every badge text has the same length, so the version is fixed too.
    import qrcode

    matrix = qrcode.QRCode(
        border=0, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=2
    )
    matrix.add_data(code)
    matrix.make(fit=True)
    modules = matrix.get_matrix()
    cell = size / len(modules)
    scale, page_height = pdf.k, pdf.h
    ops: list[str] = ["0 g"]
    for row, line in enumerate(modules):
        col = 0
        while col < len(line):  # one rectangle per run of dark modules
            if not line[col]:
                col += 1
                continue
            start = col
            while col < len(line) and line[col]:
                col += 1
            left, top = x + start * cell, y + row * cell
            ops.append(
                f"{left * scale:.2f} {(page_height - top) * scale:.2f} "
                f"{(col - start) * cell * scale:.2f} {-cell * scale:.2f} re"
            )
    ops.append("f")
    # Written as raw path operators: fpdf's rect() per run is ~40x slower for a QR's ~600 runs.
    pdf._out("\n".join(ops))


def validity(credential: Credential, event: Event) -> str:
    """The badge's first and last valid day in the event's time zone, in the language's short
    date (day first, garrison.core.formats): ``valid_until`` is the end of the last day, so the
    last day is the one just before it."""
    tz = event.tzinfo
    first = credential.valid_from.astimezone(tz).date()
    last = (credential.valid_until - dt.timedelta(microseconds=1)).astimezone(tz).date()
    return _("Valid %(first)s to %(last)s") % {
        "first": date_format(first, "SHORT_DATE_FORMAT"),
        "last": date_format(last, "SHORT_DATE_FORMAT"),
    }


def _fit(pdf: FPDF, text: str, width: float, size: float, style: str = "") -> None:
    """Shrink the font until ``text`` fits on one line (long Vietnamese names)."""
    pdf.set_font(FONT, style, size)
    while size > 5 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(FONT, style, size)
    pdf.set_font(FONT, style, size)


def _badge(
    pdf: FPDF, layout: Layout, event: Event, credential: Credential, zone_codes: dict[int, str]
) -> None:
    person = credential.person
    assert person is not None  # noqa: S101 - only credentials of existing people are printed
    category = person.category
    pdf.add_page()
    margin = 3 if layout.name == "cr80" else 6
    inner = layout.width - 2 * margin
    red, green, blue = rgb(category.color)
    pdf.set_fill_color(red, green, blue)
    pdf.rect(0, 0, layout.width, layout.band, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_xy(margin, 0)
    _fit(pdf, category.name.upper(), inner, layout.band * 1.4, "B")
    pdf.cell(inner, layout.band, category.name.upper(), align="C")
    pdf.set_text_color(0, 0, 0)

    top = layout.band + margin
    photo_w, photo_h = layout.photo
    if person.photo:
        pdf.image(io.BytesIO(bytes(person.photo)), x=margin, y=top, w=photo_w, h=photo_h)
    else:
        pdf.set_draw_color(150, 150, 150)
        pdf.rect(margin, top, photo_w, photo_h)
        pdf.set_xy(margin, top + photo_h / 2 - 2)
        pdf.set_font(FONT, "", 6)
        pdf.cell(photo_w, 4, _("No photo"), align="C")
    text_x = margin + photo_w + 3
    text_w = layout.width - text_x - margin
    if layout.name == "cr80":
        text_w -= layout.qr + 2
    pdf.set_xy(text_x, top)
    _fit(pdf, person.full_name, text_w, layout.name_size, "B")
    pdf.multi_cell(text_w, layout.name_size * 0.45, person.full_name)
    for line, size in (
        (person.organisation, layout.name_size * 0.7),
        (person.position, layout.name_size * 0.6),
    ):
        if line:
            pdf.set_x(text_x)
            pdf.set_font(FONT, "", size)
            pdf.multi_cell(text_w, size * 0.45, line)

    zones = " ".join(zone_codes.get(z, "?") for z in credential.zones)
    serial = short_label(credential.serial, credential.version)
    if layout.name == "a6":
        zone_y = top + photo_h + 4
        qr_x = (layout.width - layout.qr) / 2
        qr_y = layout.height - layout.qr - 12
    else:
        zone_y = layout.height - 12
        qr_x = layout.width - margin - layout.qr
        qr_y = top
    pdf.set_xy(margin, zone_y)
    _fit(pdf, zones, inner if layout.name == "a6" else qr_x - margin - 2, layout.zone_size, "B")
    pdf.cell(inner if layout.name == "a6" else qr_x - margin, layout.zone_size * 0.5, zones)
    dates = validity(credential, event)
    if layout.name == "a6":  # a line of its own between the zones and the QR
        pdf.set_xy(margin, zone_y + layout.zone_size * 0.5 + 0.5)
        _fit(pdf, dates, inner, 9, "B")
        pdf.cell(inner, 3.5, dates, align="C")
    else:  # under the photo, left of the QR
        pdf.set_xy(margin, top + photo_h + 0.8)
        _fit(pdf, dates, qr_x - margin - 2, 6.5, "B")
        pdf.cell(qr_x - margin - 2, 3, dates)
    _draw_qr(pdf, credential.code, qr_x, qr_y, layout.qr)
    pdf.set_font(FONT, "", 5 if layout.name == "cr80" else 7)
    pdf.set_xy(margin, layout.height - (4 if layout.name == "cr80" else 9))
    pdf.cell(inner, 3, f"{event.name[:70]} — {serial}", align="C")


def render(
    event: Event,
    credentials: Iterable[Credential],
    layout_name: str = "a6",
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The PDF of ``credentials``; ``progress(n)`` is called after each badge."""
    # fpdf and its fonts are imported where a PDF is made, not with this module, which the
    # badge pages (and so every process that loads the URLs) import for the layouts.
    from fpdf import FPDF

    from garrison.core.pdfdoc import FONTS

    layout = LAYOUTS.get(layout_name, LAYOUTS["a6"])
    orientation = "portrait" if layout.height > layout.width else "landscape"
    pdf = FPDF(
        orientation=orientation,
        unit="mm",
        format=(min(layout.width, layout.height), max(layout.width, layout.height)),
    )
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    pdf.set_title(_("Badges"))
    zone_codes = dict(Zone.objects.filter(event=event).values_list("pk", "code"))
    for number, credential in enumerate(credentials, start=1):
        _badge(pdf, layout, event, credential, zone_codes)
        if progress is not None:
            progress(number)
    return bytes(pdf.output())


def printable(event: Event, category_id: int | None = None) -> list[Credential]:
    """The current (unrevoked) badge of every person, optionally of one category."""
    rows = (
        Credential.objects.filter(event=event, revoked_at__isnull=True, person__isnull=False)
        .select_related("person__category")
        .order_by("person__category__order", "person__full_name")
    )
    if category_id is not None:
        rows = rows.filter(person__category_id=category_id)
    return list(rows)
