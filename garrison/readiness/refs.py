"""Places as one value: "site:3", "zone:5" or "post:12" ("" is the store).

A resource, a requirement and a form's select all name a place this way, so that one field picks
among the event's sites, zones and posts and the readiness page and its JSON share the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from garrison.events.models import Site, Zone
from garrison.forces.models import Post

KINDS = ("site", "zone", "post")


@dataclass(frozen=True)
class PlaceRef:
    kind: str  # site, zone or post
    id: int

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def fields(self) -> dict[str, int | None]:
        """The model fields that hold it: ``{"site_id": None, "zone_id": None, "post_id": 12}``."""
        return {f"{kind}_id": (self.id if kind == self.kind else None) for kind in KINDS}


def parse(value: str | None) -> PlaceRef | None:
    """The place a "kind:id" names; None for "" (the store). ValueError if it names nothing."""
    if not value:
        return None
    kind, _sep, number = value.partition(":")
    if kind not in KINDS or not number.isdigit() or len(number) > 18:
        raise ValueError(value)
    return PlaceRef(kind, int(number))


def of(row: object) -> PlaceRef | None:
    """The place of a resource or requirement (anything with site_id, zone_id and post_id)."""
    for kind in ("post", "zone", "site"):
        value = getattr(row, f"{kind}_id", None)
        if value is not None:
            return PlaceRef(kind, value)
    return None


def of_values(site_id: int | None, zone_id: int | None, post_id: int | None) -> PlaceRef | None:
    if post_id is not None:
        return PlaceRef("post", post_id)
    if zone_id is not None:
        return PlaceRef("zone", zone_id)
    if site_id is not None:
        return PlaceRef("site", site_id)
    return None


def exists(event_id: int, place: PlaceRef) -> bool:
    if place.kind == "site":
        return Site.objects.filter(event_id=event_id, pk=place.id).exists()
    if place.kind == "zone":
        return Zone.objects.filter(event_id=event_id, pk=place.id).exists()
    return Post.objects.filter(event_id=event_id, pk=place.id).exists()


def labels(event_id: int) -> dict[str, str]:
    """Every place of the event by its key, named as the pages show it (three queries)."""
    found: dict[str, str] = {}
    for pk, name in Site.objects.filter(event_id=event_id).values_list("pk", "name"):
        found[f"site:{pk}"] = name
    zones = Zone.objects.filter(event_id=event_id).values_list("pk", "code", "name", "site__name")
    for pk, code, name, site in zones:
        found[f"zone:{pk}"] = f"{site} › {code} {name}"
    for pk, code, name in Post.objects.filter(event_id=event_id).values_list("pk", "code", "name"):
        found[f"post:{pk}"] = f"{code} {name}"
    return found


def choices(event_id: int, *, store: bool = True) -> list[tuple[str, object]]:
    """A select's choices, grouped by kind, with the store ("in store") first when wanted."""
    grouped: dict[str, list[tuple[str, str]]] = {kind: [] for kind in KINDS}
    for key, label in labels(event_id).items():
        grouped[key.partition(":")[0]].append((key, label))
    titles = {"site": _("Sites"), "zone": _("Zones"), "post": _("Posts")}
    options: list[tuple[str, object]] = [("", _("In store (no place)") if store else "—")]
    options += [(str(titles[kind]), grouped[kind]) for kind in KINDS if grouped[kind]]
    return options
