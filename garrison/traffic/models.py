"""Road networks imported from OpenStreetMap, per event.

A network keeps its drivable roads (OSM ways) with their node ids and coordinates; the routing
graph is built from them in memory (``garrison.traffic.routing.graph``). Closures and routes
refer to road segments by OSM ids (way, from node, to node), so they survive a re-import of the
same data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.events.models import Event

OSM_ATTRIBUTION = "© OpenStreetMap contributors"

# km/h used when a road has no usable ``maxspeed``: urban Vietnamese traffic, not the legal limit.
# Each network keeps its own copy (RoadNetwork.speeds) that planners can edit.
DEFAULT_SPEEDS: dict[str, int] = {
    "motorway": 80,
    "motorway_link": 50,
    "trunk": 50,
    "trunk_link": 35,
    "primary": 40,
    "primary_link": 30,
    "secondary": 35,
    "secondary_link": 30,
    "tertiary": 30,
    "tertiary_link": 25,
    "unclassified": 25,
    "residential": 20,
    "living_street": 10,
    "service": 15,
}

ROAD_CLASSES: tuple[str, ...] = tuple(DEFAULT_SPEEDS)


class RoadNetwork(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="road_networks")
    name = models.SlugField(_("name"), max_length=80)
    source = models.CharField(_("source file"), max_length=300)
    attribution = models.CharField(_("attribution"), max_length=200, default=OSM_ATTRIBUTION)
    imported_at = models.DateTimeField(_("imported"))
    # Bumped on every import and speed edit: the in-memory graph cache keys on it.
    version = models.PositiveIntegerField(default=1)
    speeds = models.JSONField(_("speed by road class (km/h)"), default=dict)
    report = models.JSONField(_("import report"), default=dict)
    # OSM turn restrictions with a via node: [restriction, from way, via node, to way].
    restrictions = models.JSONField(_("turn restrictions"), default=list)
    min_lat = models.FloatField()
    min_lon = models.FloatField()
    max_lat = models.FloatField()
    max_lon = models.FloatField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="road_network_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def connected_percent(self) -> int:
        """The share of junctions in the largest connected part, in whole per cent (floor)."""
        share = float(self.report.get("largest_share") or 0)
        return min(99, int(share * 100)) if share < 1 else 100

    def contains(self, lat: float, lon: float, margin: float = 0.01) -> bool:
        return (
            self.min_lat - margin <= lat <= self.max_lat + margin
            and self.min_lon - margin <= lon <= self.max_lon + margin
        )


class OneWay(models.IntegerChoices):
    NO = 0, _("Both directions")
    FORWARD = 1, _("One way")
    BACKWARD = -1, _("One way, against the drawing direction")


class Road(models.Model):
    """One drivable OSM way. ``nodes`` and ``coords`` ([lon, lat]) run in the way's order."""

    network = models.ForeignKey(RoadNetwork, on_delete=models.CASCADE, related_name="roads")
    osm_id = models.BigIntegerField(_("OSM way id"))
    road_class = models.CharField(_("class"), max_length=24)
    name = models.CharField(_("name"), max_length=200, blank=True)
    oneway = models.SmallIntegerField(_("one way"), choices=OneWay.choices, default=OneWay.NO)
    lanes = models.PositiveSmallIntegerField(_("lanes"), null=True, blank=True)
    maxspeed = models.PositiveSmallIntegerField(_("speed limit (km/h)"), null=True, blank=True)
    nodes = models.JSONField()
    coords = models.JSONField()
    length_m = models.FloatField(_("length (m)"))

    class Meta:
        ordering = ["osm_id"]
        indexes = [models.Index(fields=["network", "osm_id"])]

    def __str__(self) -> str:
        return self.name or f"{self.road_class} {self.osm_id}"

    def speed_kmh(self, speeds: dict[str, int]) -> int:
        return self.maxspeed or speeds.get(self.road_class) or DEFAULT_SPEEDS["service"]


class Movement(models.Model):
    """A convoy movement from one place to another at a departure time, with its planned route.

    Each end is an event site or a point picked on the map (``origin_point`` /
    ``destination_point``: {"lat", "lon", "label"}); ``via`` lists points the convoy passes
    through, in order (an airport road, a memorial on the way).

    ``route`` holds what routing found when the movement was planned (see
    ``garrison.traffic.movements.services.plan_route``): the fastest route and its alternatives,
    each with seconds, metres, OSM way ids and the line drawn on the map ([lat, lon] pairs).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="movements")
    name = models.CharField(_("name"), max_length=200)
    origin = models.ForeignKey(
        "events.Site",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("origin"),
        null=True,
        blank=True,
    )
    destination = models.ForeignKey(
        "events.Site",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination"),
        null=True,
        blank=True,
    )
    origin_point = models.JSONField(default=dict, blank=True)
    destination_point = models.JSONField(default=dict, blank=True)
    via = models.JSONField(default=list, blank=True)
    departs_at = models.DateTimeField(_("departure"))
    vehicles = models.PositiveSmallIntegerField(_("vehicles"), default=1)
    escort = models.TextField(_("escort units and notes"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    route = models.JSONField(default=dict)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["departs_at", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="movement_name_unique"),
            models.CheckConstraint(
                condition=~models.Q(origin=models.F("destination")),
                name="movement_goes_somewhere",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def _label(site: object, point: dict[str, object]) -> str:
        name = getattr(site, "name", None)
        return str(name or point.get("label") or _("Point on the map"))

    @staticmethod
    def _latlon(site: object, point: dict[str, object]) -> tuple[float, float]:
        if site is not None:
            return (float(site.lat), float(site.lon))  # type: ignore[attr-defined]
        return (float(point["lat"]), float(point["lon"]))  # type: ignore[arg-type]

    @property
    def origin_label(self) -> str:
        return self._label(self.origin, self.origin_point)

    @property
    def destination_label(self) -> str:
        return self._label(self.destination, self.destination_point)

    @property
    def via_labels(self) -> list[str]:
        return [self._label(None, p) for p in self.via]

    @property
    def origin_latlon(self) -> tuple[float, float]:
        return self._latlon(self.origin, self.origin_point)

    @property
    def destination_latlon(self) -> tuple[float, float]:
        return self._latlon(self.destination, self.destination_point)


class ClosureSource(models.TextChoices):
    MOVEMENT = "movement", _("Convoy route")
    HAND = "hand", _("Drawn by hand")


class Closure(models.Model):
    """Road segments closed to ordinary traffic from ``starts_at`` until ``ends_at``.

    ``segments`` are [OSM way, from node, to node] arcs (both directions of a two-way street);
    ``line`` the stretch drawn on the map ([lat, lon]); ``detours`` the routes ordinary traffic
    takes round it while it is closed (refreshed whenever the event's closures change).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="closures")
    network = models.ForeignKey(RoadNetwork, on_delete=models.CASCADE, related_name="closures")
    movement = models.ForeignKey(
        Movement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("movement"),
    )
    source = models.CharField(_("source"), max_length=12, choices=ClosureSource.choices)
    street = models.CharField(_("street"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    segments = models.JSONField(default=list)
    line = models.JSONField(default=list)
    starts_at = models.DateTimeField(_("closed from"))
    ends_at = models.DateTimeField(_("reopens at"))
    detours = models.JSONField(default=list)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="closure_window_order"
            ),
        ]

    def __str__(self) -> str:
        return self.street or self.reason or f"closure {self.pk}"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("notice status", "Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("notice status", "Withdrawn")


class Notice(models.Model):
    """An official public notice of closures and detours.

    ``content`` is the snapshot of the closures taken when it was published: what residents read
    does not change behind the officer's back when the plan changes later (publish again).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField(_("title (Vietnamese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body = models.TextField(_("text (Vietnamese)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    closures = models.ManyToManyField(Closure, related_name="notices", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    content = models.JSONField(default=dict)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created"]

    def __str__(self) -> str:
        return self.title
