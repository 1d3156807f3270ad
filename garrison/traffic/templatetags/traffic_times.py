"""Traffic figures as people read them: closure windows in the event's time zone (24-hour
clock, the date when a window crosses midnight), delays, minutes and kilometres."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from garrison.traffic.closures.timeline import window_label

register = template.Library()


@register.simple_tag
def closed_window(starts: dt.datetime | str, ends: dt.datetime | str) -> str:
    # Published notices keep their closures as JSON: ISO strings come back from the snapshot.
    a = dt.datetime.fromisoformat(starts) if isinstance(starts, str) else starts
    b = dt.datetime.fromisoformat(ends) if isinstance(ends, str) else ends
    return window_label(a, b, timezone.get_current_timezone())


@register.filter
def delay(seconds: float | int | None) -> str:
    """Extra seconds as a person says them: "no delay", "+40 s", "+3 min"."""
    value = float(seconds or 0)
    if value < 1:
        return str(_("no delay"))
    if value < 90:
        return str(_("+%(s)d s") % {"s": round(value)})
    return str(_("+%(m)d min") % {"m": round(value / 60)})


@register.filter
def minutes(seconds: float | int | None) -> str:
    """Travel seconds in whole minutes ("under 1 min" rather than "0")."""
    value = float(seconds or 0)
    if value < 30:
        return str(_("under 1 min"))
    return str(_("%(m)d min") % {"m": round(value / 60)})


@register.filter
def km(metres: float | int | None) -> str:
    """Metres as kilometres with one decimal, in the language's number format."""
    return f"{formats.number_format(float(metres or 0) / 1000, 1)} km"
