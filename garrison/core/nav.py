"""The shell's navigation. Each domain app adds its entries here in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: every member
    order: int = 100


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)
        _items.sort(key=lambda entry: entry.order)


@lru_cache(maxsize=4096)
def _url(url_name: str, event_slug: str, prefix: str, urlconf: str) -> str:
    """Every page draws the menu, some fifty links: reversing each anew cost about a millisecond
    of every page. A URL depends only on these four."""
    return reverse(url_name, kwargs={"event": event_slug})


def items_for(event_slug: str, role: str) -> list[tuple[str, str, str]]:
    """(label, url, url_name) of the entries this role may open in this event."""
    prefix, urlconf = get_script_prefix(), settings.ROOT_URLCONF
    return [
        (str(item.label), _url(item.url_name, event_slug, prefix, urlconf), item.url_name)
        for item in _items
        if not item.roles or role in item.roles
    ]


# The navigation's sections, by URL namespace, in the order a commander reads the event: the
# picture, the plan, the forces, access, operations, traffic, then administration.
SECTIONS: dict[str, tuple[str | Promise, int]] = {
    "events": (_("Event"), 10),
    "command": (_("Event"), 10),
    "planning": (_("Plan"), 20),
    "forces": (_("Forces"), 30),
    "readiness": (_("Readiness"), 35),
    "accreditation": (_("Access"), 40),
    "checkin": (_("Access"), 40),
    "ops": (pgettext_lazy("desk", "Operations"), 50),
    "traffic": (_("Traffic"), 60),
    "members": (_("Administration"), 90),
    "audit": (_("Administration"), 90),
}
OTHER = (_("More"), 80)


@dataclass(frozen=True)
class Section:
    label: str
    url: str  # its first entry
    current: bool
    items: list[tuple[str, str, str]]


def sections_for(event_slug: str, role: str, current_view: str | None) -> list[Section]:
    """The role's entries grouped into sections; the section of the page being shown is current.

    A phone shows the sections in one row and the current section's entries in a second, instead
    of thirty links in a line.
    """
    here = SECTIONS.get((current_view or "").split(":", 1)[0], OTHER) if current_view else None
    grouped: dict[tuple[int, str], list[tuple[str, str, str]]] = {}
    for label, url, name in items_for(event_slug, role):
        title, order = SECTIONS.get(name.split(":", 1)[0], OTHER)
        grouped.setdefault((order, str(title)), []).append((label, url, name))
    return [
        Section(
            label=title,
            url=items[0][1],
            # Any page of the section's apps (an edit form, a detail) keeps its section open.
            current=here is not None and str(here[0]) == title,
            items=items,
        )
        for (_order, title), items in sorted(grouped.items())
    ]
