"""The dashboard's cards "at a glance". Each domain app registers its own in AppConfig.ready().

The dashboard (``events``) sits below the domain apps and must not import them: like the
navigation (``core.nav``), it renders whatever the apps above registered here. A card function
takes the event and the viewer's membership and returns a card, or ``None`` when it has nothing
to say to that viewer. It must stay cheap (a couple of aggregate queries): the dashboard renders
every card on each load, and re-renders one each time a live event it listens to arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

# Levels a card or line is drawn at: calm, look soon, act now.
OK = ""
WARN = "warn"
ALERT = "alert"


@dataclass(frozen=True)
class GlanceLine:
    """One figure under the headline: "2 · High  3", "Main hall  420 / 600"."""

    label: str | Promise
    value: str
    url: str = ""
    level: str = OK


@dataclass(frozen=True)
class GlanceCard:
    title: str | Promise
    figure: str  # the headline number
    caption: str | Promise  # what the figure counts
    url: str  # the list behind the figure
    link_label: str | Promise
    lines: tuple[GlanceLine, ...] = ()
    level: str = OK
    note: str | Promise = ""


# (event, membership) → card. Typed loosely because core cannot import the event or the
# membership models (they live in the layers above it).
CardFunction = Callable[[Any, Any], GlanceCard | None]


@dataclass(frozen=True)
class Glance:
    name: str
    order: int
    fn: CardFunction
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: every member
    # Live event kinds (prefixes, "ops.incident.") after which the card is drawn again.
    live: tuple[str, ...] = ()


_glances: dict[str, Glance] = {}


def register_glance(
    name: str,
    order: int,
    roles: frozenset[str] | tuple[str, ...],
    fn: CardFunction,
    live: tuple[str, ...] = (),
) -> None:
    """Add (or replace, on a second ready()) the card called ``name``."""
    _glances[name] = Glance(name, order, fn, frozenset(roles), live)


def glances_for(role: str) -> list[Glance]:
    """The cards this role sees, in order."""
    return sorted(
        (g for g in _glances.values() if not g.roles or role in g.roles),
        key=lambda g: (g.order, g.name),
    )


def glance_named(name: str, role: str) -> Glance | None:
    glance = _glances.get(name)
    if glance is None or (glance.roles and role not in glance.roles):
        return None
    return glance


def duration(seconds: float) -> str:
    """A wait as a person reads it at a glance: "45 s", "4 min 05 s", "2 h 10 min"."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min %(s)02d s") % {"m": minutes, "s": secs}
    return _("%(s)d s") % {"s": secs}
