"""What a published version said, section by section, as plain data stored with it.

The packet is a PDF; the comparison of two versions ("what changed since the previous published
plan") and a unit's page on a phone need its content as data, as it was when it was published:
never read again from the live tables, which have moved on since. ``take`` reads the same live
data the packet does, in the same order; the medical plan (road routing, the slow part) is
computed once and given to both.

Times are stored already written in the event's zone ("dd/mm/YYYY HH:MM"), as the packet prints
them. Members are named (ICS 204 lists who stands where); the purge of the event's people blanks
those names (``redact``), as it empties the stored PDFs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from typing import Any

from django.utils import timezone

from garrison.forces.models import Assignment, Unit
from garrison.readiness.medical.plan import MedicalPlan
from garrison.readiness.models import Channel
from garrison.readiness.safety.services import message_for
from garrison.reports.models import ActionPlan

Snapshot = dict[str, Any]


def _local(moment: dt.datetime, tz: Any) -> str:
    return timezone.localtime(moment, tz).strftime("%d/%m/%Y %H:%M")


def _organisation(units: list[Unit]) -> list[dict[str, Any]]:
    members: dict[int, int] = defaultdict(int)
    for unit_id in Unit.objects.filter(pk__in=[u.pk for u in units]).values_list(
        "members__unit", flat=True
    ):
        if unit_id:
            members[unit_id] += 1
    codes = {u.pk: u.code for u in units}
    return [
        {
            "unit": u.pk,
            "code": u.code,
            "name": u.name,
            "type": u.type,
            "parent": codes.get(u.parent_id or 0, ""),
            "members": members.get(u.pk, 0),
        }
        for u in units
    ]


def _assignments(plan: ActionPlan) -> list[dict[str, Any]]:
    tz = plan.event.tzinfo
    rows = (
        Assignment.objects.filter(
            event=plan.event, starts_at__lt=plan.period_ends, ends_at__gt=plan.period_starts
        )
        .select_related("post", "member__unit")
        .order_by("member__unit__path", "starts_at", "post__code", "pk")
    )
    return [
        {
            "unit": a.member.unit_id,
            "unit_code": a.member.unit.code,
            "unit_name": a.member.unit.name,
            "post_code": a.post.code,
            "post": f"{a.post.code} {a.post.name}",
            "from": _local(a.starts_at, tz),
            "until": _local(a.ends_at, tz),
            "member": a.member.full_name,
            "rank": a.member.rank,
        }
        for a in rows
    ]


def _radio(event_id: int) -> list[dict[str, Any]]:
    return [
        {
            "number": c.number,
            "function": c.function,
            "name": c.name,
            "talk_group": c.talk_group,
            "units": ", ".join(u.code for u in c.units.all()),
            "rx": str(c.rx_mhz or ""),
            "tx": str(c.tx_mhz or ""),
            "tone": c.rx_tone,
            "mode": c.mode,
            "remarks": c.remarks,
        }
        for c in Channel.objects.filter(event_id=event_id)
        .prefetch_related("units")
        .order_by("number", "pk")
    ]


def _medical(medical: MedicalPlan) -> dict[str, Any]:
    items = [*medical.aid_stations, *medical.ambulances]
    return {
        "items": [
            {
                "resource": str(i.resource),
                "place": str(i.resource.place or ""),
                "unit": i.resource.owner_unit.code if i.resource.owner_unit else "",
                "usable": i.usable,
            }
            for i in items
        ],
        "hospitals": [
            {
                "name": h.site.name,
                "address": h.site.address,
                "trauma": h.details.trauma if h.details else "",
                "burns": bool(h.details and h.details.burn_unit),
                "contact": f"{h.details.emergency_phone} {h.details.contact}".strip()
                if h.details
                else "",
            }
            for h in medical.hospitals
        ],
        "travel": [
            {"from": o.site.name, "to": h.site.name, "minutes": leg.minutes, "km": leg.km}
            for o in medical.origins
            for h, leg in zip(medical.hospitals, o.legs, strict=False)
        ],
    }


def take(plan: ActionPlan, medical: MedicalPlan) -> Snapshot:
    """The content of ``plan`` as the live data stands now, section by section."""
    event = plan.event
    units = list(Unit.objects.filter(event=event).order_by("path", "code"))
    message = message_for(event, plan.period_starts)
    return {
        "period": [
            _local(plan.period_starts, event.tzinfo),
            _local(plan.period_ends, event.tzinfo),
        ],
        "objectives": plan.objectives,
        "organisation": _organisation(units),
        "assignments": _assignments(plan),
        "radio": _radio(event.pk),
        "medical": _medical(medical),
        "safety": {
            "message": message.message,
            "site_safety_plan": message.site_safety_plan,
            "where": message.site_safety_plan_at,
            "approved": message.approved_by_id is not None,
        }
        if message is not None
        else None,
    }


def digest(snapshot: Snapshot) -> str:
    """A stable SHA-256 of the content: two versions saying the same have the same digest."""
    body = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def redact(snapshot: Snapshot) -> Snapshot:
    """The snapshot without the members' names (the purge): posts, times and ranks stay."""
    for row in snapshot.get("assignments", []):
        row["member"] = ""
    return snapshot
