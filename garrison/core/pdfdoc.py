"""The PDF pieces every printed document of Garrison shares (the action plan's packet, the
situation reports, the after-action report, the archive's tables): the document with its
"page n of N" footer, headings, paragraphs and one-line tables.

The font is DejaVu Sans Condensed, shipped here once for them and the badges: PDF core fonts
have no Vietnamese letters.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

logging.getLogger("fontTools").setLevel(logging.WARNING)

FONTS = Path(__file__).resolve().parent / "data"
FONT = "DejaVuCond"


class Document(FPDF):
    title_line = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        page = _("Page %(n)s of %(total)s") % {"n": self.page_no(), "total": "{nb}"}
        self.cell(0, 6, f"{self.title_line} · {page}", align="C")


def local(moment: dt.datetime, tz: Any) -> str:
    return timezone.localtime(moment, tz).strftime("%d/%m/%Y %H:%M")


def heading(pdf: Document, text: str, *, level: int = 0, new_page: bool = True) -> None:
    if new_page:
        pdf.add_page()
    pdf.start_section(text, level=level)
    pdf.set_font(FONT, "B", 14 if level == 0 else 11)
    pdf.multi_cell(0, 8 if level == 0 else 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    pdf.ln(1)


def para(pdf: Document, text: str) -> None:
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


LINE = 4.5  # mm: one table line at 8 pt


def fit(pdf: Document, text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` mm less padding on one line."""
    text = " ".join(text.split())
    room = width - 2
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[
            : max(0, min(len(text) - 1, int(len(text) * room / pdf.get_string_width(text))))
        ]
    return text + "…"


def table(
    pdf: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
) -> None:
    """One line per row, cells cut to their column (fpdf's wrapping tables cost ~1 ms a cell,
    seconds on a 450-line roster); the header is repeated on every page the table runs onto."""
    if not rows:
        para(pdf, _("None."))
        return

    def line(cells: Sequence[str], style: str) -> None:
        pdf.set_font(FONT, style, 8)
        for text, width in zip(cells, widths, strict=True):
            pdf.cell(width, LINE, fit(pdf, str(text), width), border=1)
        pdf.ln(LINE)

    line(header, "B")
    for row in rows:
        if pdf.will_page_break(LINE):
            pdf.add_page()
            line(header, "B")
        line(row, "")
    pdf.set_font(FONT, "", 9)
    pdf.ln(2)


def new_document(at: dt.datetime, title_line: str) -> Document:
    pdf = Document(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(at)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.title_line = title_line
    return pdf
