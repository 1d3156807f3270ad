"""The printable PDF of a published notice: official header, closures with local times, detours,
and a small vector map (closed roads, detours, the road network around them) — no tiles needed.

Built from the notice's published snapshot, like the public page, in the active language. The
font (DejaVu Serif, shipped in ``data/``) is embedded because PDF core fonts have no Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from garrison.events.models import Event
from garrison.traffic.models import OSM_ATTRIBUTION

DATA = Path(__file__).resolve().parent.parent / "data"
FONT = "DejaVuSerif"
LatLon = Sequence[float]


def _window(starts: dt.datetime, ends: dt.datetime) -> str:
    """Day first, 24-hour clock, as on the pages (the language's formats, garrison.core.formats);
    the datetimes are local already, so they are formatted as they are. The day has a line of its
    own, the column being too narrow for day and times together."""
    if starts.date() == ends.date():
        times = f"{date_format(starts, 'TIME_FORMAT')} – {date_format(ends, 'TIME_FORMAT')}"
        return f"{date_format(starts, 'SHORT_DATE_FORMAT')}\n{times}"
    return f"{_at(starts)} –\n{_at(ends)}"


def _at(moment: dt.datetime) -> str:
    return date_format(moment, "SHORT_DATETIME_FORMAT")


def _detours(closure: dict[str, Any]) -> str:
    found = [" → ".join(d["streets"]) for d in closure["detours"] if d.get("found")]
    return "\n".join(line for line in found if line) or _("No detour needed.")


class _Notice(FPDF):
    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        # Every paragraph here starts at the left margin of the next line (or of its column).
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        return super().multi_cell(*args, **kwargs)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="C")


def _header(pdf: FPDF, event: Event, number: int, published: dt.datetime | None) -> None:
    left, right = 80.0, pdf.epw - 80.0
    top = pdf.get_y()
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(left, 4.5, event.name.upper(), align="C")
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(left, 5, _("TRAFFIC COMMAND"), align="C")
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(left, 6, _("No. %(number)s") % {"number": number}, align="C")
    below_left = pdf.get_y()
    pdf.set_xy(pdf.l_margin + left, top)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(right, 5, _("SOCIALIST REPUBLIC OF VIET NAM"), align="C")
    pdf.set_x(pdf.l_margin + left)
    pdf.multi_cell(right, 5, _("Independence – Freedom – Happiness"), align="C")
    y = pdf.get_y() + 0.5
    pdf.line(pdf.l_margin + left + right / 2 - 28, y, pdf.l_margin + left + right / 2 + 28, y)
    if published is not None:
        pdf.set_xy(pdf.l_margin + left, y + 2)
        pdf.set_font(FONT, size=10)
        pdf.multi_cell(right, 5, _("Published %(at)s") % {"at": _at(published)}, align="C")
    pdf.set_y(max(below_left, pdf.get_y()) + 6)


def _project(
    lines: Sequence[Sequence[LatLon]], box: tuple[float, float, float, float]
) -> tuple[float, float, float, float, float, float]:
    """Scale and offsets that fit the lines' extent into box (x, y, w, h), north up."""
    lats = [p[0] for line in lines for p in line]
    lons = [p[1] for line in lines for p in line]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    squash = math.cos(math.radians((south + north) / 2))
    width = max((east - west) * squash, 1e-5)
    height = max(north - south, 1e-5)
    x, y, w, h = box
    scale = min(w / width, h / height) * 0.92
    x0 = x + (w - width * scale) / 2
    y0 = y + (h - height * scale) / 2
    return scale, squash, west, north, x0, y0


def _map(
    pdf: FPDF,
    closures: Sequence[dict[str, Any]],
    roads: Sequence[Sequence[LatLon]],
) -> None:
    closed = [c["line"] for c in closures if c.get("line")]
    detours = [d["line"] for c in closures for d in c["detours"] if d.get("found") and d["line"]]
    if not closed:
        return
    height = 95.0
    if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    box = (pdf.l_margin, pdf.get_y(), pdf.epw, height)
    scale, squash, west, north, x0, y0 = _project([*closed, *detours], box)

    def xy(line: Sequence[LatLon]) -> list[tuple[float, float]]:
        return [(x0 + (p[1] - west) * squash * scale, y0 + (north - p[0]) * scale) for p in line]

    def inside(point: tuple[float, float]) -> bool:
        return box[0] <= point[0] <= box[0] + box[2] and box[1] <= point[1] <= box[1] + box[3]

    pdf.set_draw_color(120, 120, 120)
    pdf.set_line_width(0.2)
    pdf.rect(*box)
    pdf.set_draw_color(200, 200, 200)
    for road in roads:
        points = xy(road)
        if len(points) > 1 and any(inside(p) for p in points):
            pdf.polyline([p if inside(p) else _clip(p, box) for p in points])
    pdf.set_draw_color(30, 125, 50)
    pdf.set_line_width(0.8)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=1.2)
        for line in detours:
            pdf.polyline(xy(line))
    pdf.set_draw_color(179, 38, 30)
    pdf.set_line_width(1.6)
    for line in closed:
        pdf.polyline(xy(line))
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_y(box[1] + height + 1)
    pdf.set_font(FONT, size=8)
    pdf.multi_cell(
        0,
        4,
        _("Red: closed roads. Green dashed: detours for ordinary traffic.")
        + " "
        + _("Map data %(attribution)s") % {"attribution": OSM_ATTRIBUTION},
    )


def _clip(
    point: tuple[float, float], box: tuple[float, float, float, float]
) -> tuple[float, float]:
    """Pin a point to the map frame so roads leaving the frame do not draw over the page."""
    x, y, w, h = box
    return min(max(point[0], x), x + w), min(max(point[1], y), y + h)


def render(
    event: Event,
    *,
    number: int,
    title: str,
    body: str,
    published: dt.datetime | None,
    closures: Sequence[dict[str, Any]],
    page_url: str,
    roads: Sequence[Sequence[LatLon]] = (),
) -> bytes:
    """The notice as PDF bytes. ``closures`` carry local datetimes (see views_notices)."""
    pdf = _Notice(format="A4")
    pdf.set_margins(18, 15, 18)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", DATA / "DejaVuSerif.ttf")
    pdf.add_font(FONT, "B", DATA / "DejaVuSerif-Bold.ttf")
    pdf.set_title(title)
    pdf.set_author(event.name)
    pdf.set_creator("Garrison")
    pdf.set_lang(translation.get_language() or "vi")
    pdf.add_page()
    _header(pdf, event, number, published)
    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, _("NOTICE"), align="C")
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 6, title, align="C")
    pdf.ln(4)
    pdf.set_font(FONT, size=10.5)
    if body:
        pdf.multi_cell(0, 5.5, body)
        pdf.ln(3)
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(0, 5, _("Times are local (%(zone)s).") % {"zone": event.time_zone})
    pdf.ln(2)
    pdf.set_font(FONT, size=9.5)
    with pdf.table(
        col_widths=(48, 42, 84),
        text_align="LEFT",
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
    ) as table:
        heading = table.row()
        for label in (
            _("Street"),
            pgettext("closure time", "Closed"),
            _("Detour for ordinary traffic"),
        ):
            heading.cell(label)
        for closure in closures:
            row = table.row()
            street = closure["street"] or _("(unnamed road)")
            row.cell(f"{street}\n{closure['reason']}" if closure.get("reason") else street)
            row.cell(_window(closure["starts_at"], closure["ends_at"]))
            row.cell(_detours(closure))
    pdf.ln(4)
    _map(pdf, closures, roads)
    pdf.ln(3)
    pdf.set_font(FONT, size=8.5)
    pdf.multi_cell(
        0,
        4.5,
        _("Official notice. The current version is always at %(url)s") % {"url": page_url},
    )
    return bytes(pdf.output())
