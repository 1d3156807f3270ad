"""Planning's card on the dashboard: the tasks past their deadline, and those due soon."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.accounts.models import Membership
from garrison.core.glance import ALERT, OK, WARN, GlanceCard, GlanceLine
from garrison.events.models import Event
from garrison.planning.tasks.access import visible_tasks
from garrison.planning.tasks.models import FINISHED
from garrison.planning.tasks.queries import DUE_SOON

LIVE = ("planning.task.",)
TITLE = gettext_lazy("Overdue tasks")


def tasks_card(event: Event, membership: Membership) -> GlanceCard:
    """One query, scoped like the task list (a unit commander counts their subtree's tasks)."""
    now = timezone.now()
    figures = (
        visible_tasks(membership)
        .exclude(status__in=FINISHED)
        .aggregate(
            overdue=Count("pk", filter=Q(deadline__lt=now)),
            soon=Count("pk", filter=Q(deadline__gte=now, deadline__lt=now + DUE_SOON)),
        )
    )
    url = reverse("planning:tasks", kwargs={"event": event.slug})
    overdue, soon = figures["overdue"], figures["soon"]
    return GlanceCard(
        title=TITLE,
        figure=str(overdue),
        caption=_("past their deadline"),
        url=f"{url}?view=overdue",
        link_label=_("The overdue tasks"),
        lines=(
            GlanceLine(
                _("Due in the next 48 hours"),
                str(soon),
                url=f"{url}?view=due_soon",
                level=WARN if soon else OK,
            ),
        ),
        level=ALERT if overdue else OK,
    )
