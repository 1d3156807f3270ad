"""The desk's card on the dashboard: open incidents by severity and the longest wait against
its target (registered in OpsConfig.ready, drawn by the events dashboard through core.glance)."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.accounts.models import Membership
from garrison.core.glance import ALERT, OK, WARN, GlanceCard, GlanceLine, duration
from garrison.events.models import Event
from garrison.ops.access import visible_incidents
from garrison.ops.incidents.lifecycle import OPEN, WAITING
from garrison.ops.models import Severity
from garrison.ops.timers.targets import Targets

LIVE = ("ops.incident.", "ops.timer.")
TITLE = gettext_lazy("Open incidents")


def incidents_card(event: Event, membership: Membership) -> GlanceCard:
    """Two queries: counts per severity with the oldest unanswered report, and the targets."""
    rows = (
        visible_incidents(membership)
        .filter(status__in=OPEN)
        .order_by()
        .values("severity")
        .annotate(n=Count("pk"), oldest=Min("received_at", filter=Q(status__in=WAITING)))
    )
    counts = {row["severity"]: row["n"] for row in rows}
    waits = [row["oldest"] for row in rows if row["oldest"] is not None]
    slug = {"event": event.slug}
    lines = [
        GlanceLine(
            label,
            str(counts.get(value, 0)),
            level=WARN if value <= Severity.HIGH and counts.get(value) else OK,
        )
        for value, label in Severity.choices
    ]
    level = WARN if any(line.level for line in lines) else OK
    if waits:
        # Waiting means not yet dispatched: its target is the call-processing one.
        target = Targets.of(event).call_processing
        waited = (timezone.now() - min(waits)).total_seconds()
        late = waited > target
        level = ALERT if late else level
        lines.append(
            GlanceLine(
                _("Longest wait"),
                _("%(waited)s (target %(target)s)")
                % {"waited": duration(waited), "target": duration(target)},
                url=reverse("ops:queue", kwargs=slug),
                level=ALERT if late else OK,
            )
        )
    else:
        lines.append(GlanceLine(_("Longest wait"), _("nothing waiting")))
    return GlanceCard(
        title=TITLE,
        figure=str(sum(counts.values())),
        caption=_("open"),
        url=reverse("ops:incidents", kwargs=slug),
        link_label=_("All open incidents"),
        lines=tuple(lines),
        level=level,
    )
