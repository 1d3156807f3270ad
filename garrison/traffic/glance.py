"""Traffic's card on the dashboard: the roads closed now and those closing within the day."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.accounts.models import Membership
from garrison.core.glance import OK, WARN, GlanceCard, GlanceLine
from garrison.events.models import Event
from garrison.traffic.models import Closure

LIVE = ("traffic.closure.", "traffic.closures.")
TITLE = gettext_lazy("Road closures")
AHEAD = dt.timedelta(hours=24)


def closures_card(event: Event, membership: Membership) -> GlanceCard:
    """One query; the traffic plan is read by every member."""
    now = timezone.now()
    figures = Closure.objects.filter(event=event).aggregate(
        active=Count("pk", filter=Q(starts_at__lte=now, ends_at__gt=now)),
        coming=Count("pk", filter=Q(starts_at__gt=now, starts_at__lt=now + AHEAD)),
    )
    url = reverse("traffic:closures", kwargs={"event": event.slug})
    return GlanceCard(
        title=TITLE,
        figure=str(figures["active"]),
        caption=_("closed now"),
        url=url,
        link_label=_("All closures"),
        lines=(GlanceLine(_("Closing in the next 24 hours"), str(figures["coming"]), url=url),),
        level=WARN if figures["active"] else OK,
    )
