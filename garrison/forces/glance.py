"""Forces' card on the dashboard: the current shift's coverage, people on duty now against the
headcount the posts need now (the roster's windows)."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from garrison.accounts.models import Membership
from garrison.accounts.scope import unit_scope
from garrison.core.glance import ALERT, OK, GlanceCard, GlanceLine
from garrison.events.models import Event
from garrison.forces.models import Assignment, Post, PostWindow

LIVE = ("forces.assignment.", "forces.roster.", "forces.post.")
TITLE = gettext_lazy("Coverage now")
# The card names the first few posts short of people; the roster shows them all.
SHOWN = 4


def coverage_card(event: Event, membership: Membership) -> GlanceCard:
    """Two queries (three when posts are short). A unit commander sees their own people on duty:
    the posts' headcount is the whole event's, which is not theirs to answer for."""
    now = timezone.now()
    url = reverse("forces:roster", kwargs={"event": event.slug})
    shifts = Assignment.objects.filter(event=event, starts_at__lte=now, ends_at__gt=now)
    units = unit_scope(membership)
    if units is not None:
        on_duty = shifts.filter(member__unit_id__in=units).count()
        return GlanceCard(
            title=TITLE,
            figure=str(on_duty),
            caption=_("of your units' people on duty now"),
            url=url,
            link_label=_("The roster"),
        )
    staffed: dict[int, int] = dict(
        shifts.order_by().values("post").annotate(n=Count("pk")).values_list("post", "n")
    )
    needed: dict[int, int] = dict(
        PostWindow.objects.filter(post__event=event, starts_at__lte=now, ends_at__gt=now)
        .order_by()
        .values("post")
        .annotate(n=Sum("headcount"))
        .values_list("post", "n")
    )
    short = sorted(pk for pk, need in needed.items() if staffed.get(pk, 0) < need)
    required = sum(needed.values())
    on_post = sum(min(staffed.get(pk, 0), need) for pk, need in needed.items())
    lines = [
        GlanceLine(_("Posts needing people now"), str(len(needed))),
        GlanceLine(_("Posts short"), str(len(short)), level=ALERT if short else OK),
    ]
    if short:
        names = Post.objects.filter(pk__in=short[:SHOWN]).values_list("pk", "code")
        for pk, code in names:
            lines.append(
                GlanceLine(
                    code,
                    f"{staffed.get(pk, 0)} / {needed[pk]}",
                    url=reverse("forces:roster_post", kwargs={"event": event.slug, "pk": pk}),
                    level=ALERT,
                )
            )
    return GlanceCard(
        title=TITLE,
        figure=f"{on_post} / {required}",
        caption=_("posts' headcount staffed"),
        url=url,
        link_label=_("The roster"),
        lines=tuple(lines),
        level=ALERT if short else OK,
        note="" if needed else _("No post needs anyone right now."),
    )
