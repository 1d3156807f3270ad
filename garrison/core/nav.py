"""The shell's navigation. Each domain app adds its entries here in its AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise


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


def items_for(event_slug: str, role: str) -> list[tuple[str, str, str]]:
    """(label, url, url_name) of the entries this role may open in this event."""
    return [
        (str(item.label), reverse(item.url_name, kwargs={"event": event_slug}), item.url_name)
        for item in _items
        if not item.roles or role in item.roles
    ]
