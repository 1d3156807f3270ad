"""A plain PDF of headed tables, for the archive's documents built from data (the statistics,
a drill's after-action report): a title, then sections of a heading, an optional paragraph and
a table, laid out with the pieces every printed document shares (garrison/core/pdfdoc.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from garrison.core.pdfdoc import FONT, new_document, table


@dataclass
class PdfSection:
    heading: str
    header: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    text: str = ""
    # Column widths in mm (the page's 180 mm shared evenly when empty).
    widths: Sequence[float] = field(default_factory=tuple)


def tables_pdf(title: str, subtitle: str, sections: Sequence[PdfSection], at: dt.datetime) -> bytes:
    pdf = new_document(at, title)
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
            widths = section.widths or [180 / len(section.header)] * len(section.header)
            table(pdf, section.header, section.rows, widths)
        pdf.ln(1)
    return bytes(pdf.output())
