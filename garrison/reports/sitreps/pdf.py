"""A situation report's PDF, drawn from its stored figures in the active language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from garrison.core.pdfdoc import FONT, heading, local, new_document, para, table
from garrison.reports.sitreps.models import Sitrep
from garrison.reports.sitreps.present import tables


def render(sitrep: Sitrep) -> tuple[bytes, int]:
    event = sitrep.event
    tz = event.tzinfo
    title = _("Situation report no. %(n)s") % {"n": sitrep.number}
    pdf = new_document(sitrep.published_at, f"{event.name} · {title}")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    period = f"{local(sitrep.covers_from, tz)} – {local(sitrep.covers_to, tz)}"
    pdf.multi_cell(0, 6, f"{event.name}\n{_('Period covered')}: {period}\n"
                   f"{_('Forces on duty')}: {sitrep.content['forces_on_duty']}",
                   new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(2)
    for section in tables(sitrep.content):
        heading(pdf, section.title, level=1, new_page=False)
        for note in section.notes:
            para(pdf, note)
        table(pdf, section.header, section.rows, section.widths)
    heading(pdf, _("Notable events"), level=1, new_page=False)
    para(pdf, sitrep.notable or _("None."))
    return bytes(pdf.output()), pdf.pages_count
