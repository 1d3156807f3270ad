"""A plain PDF of headed tables, for the archive's documents built from data (the statistics,
a drill's after-action report): a title, then sections of a heading, an optional paragraph and
a table. The font is the DejaVu Sans the badges and the action plan embed: PDF core fonts have
no Vietnamese letters."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF

logging.getLogger("fontTools").setLevel(logging.WARNING)

# Shipped once, with the badges (accreditation/data); a path, not an import.
FONTS = Path(__file__).resolve().parent.parent / "accreditation" / "data"
FONT = "DejaVuCond"
LINE = 4.5  # mm: one table line at 8 pt


@dataclass
class PdfSection:
    heading: str
    header: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    text: str = ""
    # Column widths in mm (the page's 180 mm shared evenly when empty).
    widths: Sequence[float] = field(default_factory=tuple)


class _Document(FPDF):
    title_line = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        page = _("Page %(n)s of %(total)s") % {"n": self.page_no(), "total": "{nb}"}
        self.cell(0, 6, f"{self.title_line} · {page}", align="C")


def _fit(pdf: FPDF, text: str, width: float) -> str:
    text = " ".join(text.split())
    while text and pdf.get_string_width(text + "…") > width - 2:
        text = text[: max(0, len(text) - max(1, len(text) // 8))]
    return text if pdf.get_string_width(text) <= width - 2 else text + "…"


def _table(pdf: FPDF, section: PdfSection) -> None:
    if not section.rows:
        pdf.multi_cell(0, 5, _("None."), new_x="LMARGIN", new_y="NEXT")
        return
    widths = list(section.widths) or [180 / len(section.header)] * len(section.header)

    def line(cells: Sequence[str], style: str) -> None:
        pdf.set_font(FONT, style, 8)
        for text, width in zip(cells, widths, strict=True):
            cell = str(text)
            if pdf.get_string_width(cell) > width - 2:
                cell = _fit(pdf, cell, width)
            pdf.cell(width, LINE, cell, border=1)
        pdf.ln(LINE)

    line(section.header, "B")
    for row in section.rows:
        if pdf.will_page_break(LINE):
            pdf.add_page()
            line(section.header, "B")
        line(row, "")
    pdf.ln(2)


def tables_pdf(title: str, subtitle: str, sections: Sequence[PdfSection], at: dt.datetime) -> bytes:
    pdf = _Document(orientation="P", unit="mm", format="A4")
    pdf.set_creation_date(at)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSansCondensed.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSansCondensed-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=16)
    pdf.title_line = title
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for section in sections:
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6, section.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        if section.text:
            pdf.multi_cell(0, 5, section.text, new_x="LMARGIN", new_y="NEXT")
        if section.header:
            _table(pdf, section)
        pdf.ln(1)
    return bytes(pdf.output())
