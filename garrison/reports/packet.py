"""The action plan packet: one PDF of the period's plan, composed from live data.

Sections in ICS order: objectives (202), organisation from the unit tree (203), one assignment
list per unit from the roster (204, the forces' roster print laid out on paper), the radio plan
(205), the medical plan with road travel times at the period's start (206) and the safety
message (208). A table of contents follows the cover; every page is numbered "page n of N".
The font is the DejaVu Sans the badges embed: PDF core fonts have no Vietnamese letters.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.outline import OutlineSection

from garrison.core.pdfdoc import FONT, Document, heading, local, new_document, para, table
from garrison.forces.models import Assignment, Unit
from garrison.readiness.medical.plan import MedicalPlan, medical_plan
from garrison.readiness.models import Channel, SafetyMessage
from garrison.readiness.safety.services import message_for
from garrison.reports.models import ActionPlan


@dataclass
class Packet:
    pdf: bytes
    pages: int


def _toc(pdf: FPDF, outline: list[OutlineSection]) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 10, _("Contents"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for section in outline:
        indent = "    " * section.level
        pdf.cell(170, 6, f"{indent}{section.name}")
        pdf.cell(0, 6, str(section.page_number), align="R", new_x="LMARGIN", new_y="NEXT")


def _organisation(pdf: Document, units: list[Unit], members: dict[int, int]) -> None:
    rows = [
        [
            "    " * u.path.count("/") + u.name,
            u.code,
            u.get_type_display(),
            str(members.get(u.pk, 0)),
        ]
        for u in units
    ]
    table(pdf, [_("Unit"), _("Code"), _("Type"), _("Members")], rows, [90, 25, 40, 25])


def _assignments(pdf: Document, plan: ActionPlan, units: list[Unit]) -> None:
    tz = plan.event.tzinfo
    rows = (
        Assignment.objects.filter(
            event=plan.event, starts_at__lt=plan.period_ends, ends_at__gt=plan.period_starts
        )
        .select_related("post", "member__unit")
        .order_by("member__unit__path", "starts_at", "post__code")
    )
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for row in rows:
        by_unit[row.member.unit_id].append(row)
    first = True
    for unit in units:
        shifts = by_unit.get(unit.pk)
        if not shifts:
            continue
        heading(pdf, f"ICS 204 · {unit.code} {unit.name}", level=1, new_page=first)
        first = False
        table(
            pdf,
            [_("From"), _("Until"), _("Post"), _("Member"), _("Rank")],
            [
                [
                    local(s.starts_at, tz),
                    local(s.ends_at, tz),
                    f"{s.post.code} {s.post.name}",
                    s.member.full_name,
                    s.member.rank,
                ]
                for s in shifts
            ],
            [28, 28, 55, 45, 24],
        )
    if first:
        para(pdf, _("No assignments in this period."))


def _radio(pdf: Document, channels: list[Channel]) -> None:
    rows = [
        [str(c.number), c.get_function_display(), c.name + (f" · TG {c.talk_group}" if c.talk_group else ""),
         ", ".join(u.code for u in c.units.all()), str(c.rx_mhz or ""), str(c.tx_mhz or ""),
         c.rx_tone, c.mode, c.remarks]
        for c in channels
    ]  # fmt: skip
    header = [_("Ch."), _("Function"), _("Name / talk group"), _("Units"), _("RX MHz"),
              _("TX MHz"), _("Tone"), _("Mode"), _("Remarks")]  # fmt: skip
    table(pdf, header, rows, [9, 20, 30, 28, 17, 17, 12, 10, 37])


def _medical(pdf: Document, plan: MedicalPlan) -> None:
    def state(usable: bool) -> str:
        return _("in service") if usable else _("not usable")

    heading(pdf, _("Aid stations and ambulances"), level=1, new_page=False)
    items = [*plan.aid_stations, *plan.ambulances]
    table(
        pdf,
        [_("Resource"), _("Location"), _("Unit"), _("State")],
        [
            [
                str(i.resource),
                str(i.resource.place or _("In store")),
                i.resource.owner_unit.code if i.resource.owner_unit else "",
                state(i.usable),
            ]
            for i in items
        ],
        [70, 60, 25, 25],
    )
    heading(pdf, _("Hospitals"), level=1, new_page=False)
    rows = []
    for h in plan.hospitals:
        d = h.details
        rows.append([
            h.site.name, h.site.address,
            d.get_trauma_display() if d else "", (_("yes") if d.burn_unit else _("no")) if d else "",
            f"{d.emergency_phone} {d.contact}".strip() if d else "",
        ])  # fmt: skip
    table(pdf, [_("Hospital"), _("Address"), _("Trauma"), _("Burns"), _("Contact")], rows,
           [45, 50, 35, 15, 35])  # fmt: skip
    if plan.hospitals:
        para(pdf, _("Travel by road at %(at)s with the closures then (minutes / km):")
              % {"at": local(plan.at, plan.event.tzinfo)})  # fmt: skip
        header = [_("From"), *[h.site.name for h in plan.hospitals]]
        width = max(20, 130 // len(plan.hospitals))
        rows = [
            [o.site.name, *[f"{leg.minutes} / {leg.km}" if leg.minutes is not None else "—"
                            for leg in o.legs]]
            for o in plan.origins
        ]  # fmt: skip
        table(pdf, header, rows, [50, *[width] * len(plan.hospitals)])


def _safety(pdf: Document, message: SafetyMessage | None) -> None:
    if message is None:
        para(pdf, _("No safety message for this period."))
        return
    para(pdf, message.message)
    plan_needed = _("yes") if message.site_safety_plan else _("no")
    para(pdf, _("Site safety plan required: %(yes)s. %(where)s")
          % {"yes": plan_needed, "where": message.site_safety_plan_at})  # fmt: skip
    approved = _("approved") if message.approved_by_id else _("not yet approved")
    para(pdf, _("Approval: %(state)s.") % {"state": approved})


def medical_hour(plan: ActionPlan, at: dt.datetime) -> dt.datetime:
    """The hour the medical plan's travel times are for: now, kept inside the period."""
    return max(plan.period_starts, min(at, plan.period_ends))


STEPS = 7  # the sections and the output: what a publishing job's progress counts


def build_packet(
    plan: ActionPlan,
    language: str,
    version: int,
    at: dt.datetime,
    progress: Callable[[int], None] | None = None,
    medical: MedicalPlan | None = None,
) -> Packet:
    """The packet of ``plan`` in ``language`` as the live data stands now, stamped ``version``;
    ``progress(n)`` after each of its ``STEPS``. ``medical``: the medical plan when the caller
    has it already (routing is the slow part)."""
    event = plan.event
    step = iter(range(1, STEPS + 1))

    def advance() -> None:
        if progress is not None:
            progress(next(step))

    with translation.override(language):
        pdf = new_document(at, f"{event.name} · {_('Action plan')} v{version}")
        period = (
            f"{local(plan.period_starts, event.tzinfo)} – {local(plan.period_ends, event.tzinfo)}"
        )
        pdf.add_page()
        pdf.set_font(FONT, "B", 18)
        pdf.multi_cell(0, 10, _("Incident action plan"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 12)
        pdf.multi_cell(0, 7, f"{event.name}\n{_('Operational period')}: {period}\n"
                       f"{_('Version')} {version} · {local(at, event.tzinfo)}",
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.ln(4)
        # A long unit tree takes more pages of contents: fpdf adds them and renumbers.
        pdf.insert_toc_placeholder(_toc, pages=1, allow_extra_pages=True)
        heading(pdf, _("ICS 202 · Objectives"))
        para(pdf, plan.objectives or _("No objectives written."))
        units = list(Unit.objects.filter(event=event).order_by("path", "code"))
        members: dict[int, int] = defaultdict(int)
        for unit_id in Unit.objects.filter(event=event).values_list("members__unit", flat=True):
            if unit_id:
                members[unit_id] += 1
        advance()
        heading(pdf, _("ICS 203 · Organisation"))
        _organisation(pdf, units, members)
        advance()
        heading(pdf, _("ICS 204 · Assignment lists"))
        _assignments(pdf, plan, units)
        advance()
        heading(pdf, _("ICS 205 · Radio plan"))
        _radio(pdf, list(Channel.objects.filter(event=event).prefetch_related("units")))
        advance()
        heading(pdf, _("ICS 206 · Medical plan"))
        _medical(pdf, medical or medical_plan(event, medical_hour(plan, at)))
        advance()
        heading(pdf, _("ICS 208 · Safety message"))
        _safety(pdf, message_for(event, plan.period_starts))
        advance()
        data = bytes(pdf.output())
        advance()
        return Packet(data, pdf.pages_count)
