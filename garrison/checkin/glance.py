"""Check-in's card on the dashboard: who is inside each zone now against its capacity."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.accounts.models import Membership
from garrison.checkin.models import Presence
from garrison.core.glance import ALERT, OK, WARN, GlanceCard, GlanceLine
from garrison.events.models import Event, Zone

LIVE = ("checkin.scans.", "events.zone.")
TITLE = gettext_lazy("Occupancy")
# A zone this full is worth a look; one at capacity is an alert.
NEARLY_FULL = 90
# The card lists the fullest zones; the occupancy page has them all.
SHOWN = 6


def _level(inside: int, capacity: int | None) -> str:
    if not capacity:
        return OK
    load = 100 * inside / capacity
    return ALERT if load >= 100 else WARN if load >= NEARLY_FULL else OK


def occupancy_card(event: Event, membership: Membership) -> GlanceCard:
    """Two queries: people inside per zone, and the zones. Counts name no one (every member)."""
    inside: dict[int, int] = dict(
        Presence.objects.filter(event=event, inside=True)
        .order_by()
        .values("zone")
        .annotate(n=Count("pk"))
        .values_list("zone", "n")
    )
    zones = list(
        Zone.objects.filter(event=event).order_by().values_list("pk", "code", "name", "capacity")
    )

    def load(row: tuple[int, str, str, int | None]) -> float:
        pk, _code, _name, capacity = row
        return inside.get(pk, 0) / capacity if capacity else -1.0

    lines = []
    for pk, code, name, capacity in sorted(zones, key=load, reverse=True)[:SHOWN]:
        count = inside.get(pk, 0)
        value = f"{count} / {capacity}" if capacity else str(count)
        lines.append(GlanceLine(f"{code} {name}", value, level=_level(count, capacity)))
    total = sum(inside.values())
    capacity = sum(row[3] or 0 for row in zones)
    levels = {line.level for line in lines}
    return GlanceCard(
        title=TITLE,
        figure=str(total),
        caption=_("inside now of %(capacity)s") % {"capacity": capacity}
        if capacity
        else _("inside now"),
        url=reverse("checkin:occupancy", kwargs={"event": event.slug}),
        link_label=_("Occupancy per zone and gate"),
        lines=tuple(lines),
        level=ALERT if ALERT in levels else WARN if WARN in levels else OK,
        note="" if zones else _("No zones yet."),
    )
