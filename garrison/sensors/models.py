"""Counting devices and what they count: people per zone, vehicles per road segment — counts
only, never an image, a face, a plate or anyone's identity (docs/security.md #25).

A device posts count messages with its own revocable token (stored as its SHA-256, like a
scanner's, ``accounts.Device``). Each zone's occupancy is kept as an anchor (an absolute count:
a camera's occupancy or a reset) plus the net of the in/out counts observed after it, so that
messages arriving out of order give the same occupancy as in order, and a zone never shows fewer
than nobody.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DeviceKind(models.TextChoices):
    CAMERA = "camera", _("Camera with on-board counting")
    TURNSTILE = "turnstile", _("Turnstile")
    CLICKER = "clicker", _("Hand clicker")
    CHECKIN = "checkin", _("Check-in counts")


class Level(models.TextChoices):
    """A zone's crowd density against its thresholds, from calm to dangerous."""

    BELOW = "below", _("Below plan")
    PLANNED = "planned", pgettext_lazy("crowd density", "Planned")
    UNSTABLE = "unstable", _("Unstable")
    DANGEROUS = "dangerous", _("Dangerous")


class Congestion(models.TextChoices):
    FREE = "free", _("Free flow")
    MODERATE = "moderate", _("Moderate")
    HEAVY = "heavy", _("Heavy")


class RoadSegment(models.Model):
    """A stretch of road whose vehicles are counted. ``line``: GeoJSON LineString coordinates
    ([longitude, latitude] pairs), drawn on the traffic map."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    line = models.JSONField(_("line"))
    # Vehicles per hour the stretch carries (both directions): congestion is flow over this.
    capacity_per_hour = models.PositiveIntegerField(_("capacity (vehicles per hour)"))
    flow_per_hour = models.FloatField(default=0)
    level = models.CharField(max_length=10, choices=Congestion.choices, default=Congestion.FREE)
    measured_at = models.DateTimeField(null=True, blank=True)
    emitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="segment_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CountingDevice(models.Model):
    """A camera with on-board analytics, a turnstile, a clicker or a check-in system that posts
    counts for one zone or one road segment. Only its token's SHA-256 is stored."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=DeviceKind.choices)
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    segment = models.ForeignKey(
        RoadSegment, on_delete=models.CASCADE, null=True, blank=True, related_name="devices"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    # When the stale-sensor alert went out; cleared by the device's next message.
    stale_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(zone__isnull=False) & models.Q(segment__isnull=True))
                | (models.Q(zone__isnull=True) & models.Q(segment__isnull=False)),
                name="counting_device_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CountMessage(models.Model):
    """One message as a device sent it. ``message_id`` is the device's own idempotency key: the
    same message sent twice is stored (and counted) once. Written in bulk, a batch at a time."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    device = models.ForeignKey(
        CountingDevice, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The device's target when it counted, copied: occupancy sums a zone's messages by time.
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    segment = models.ForeignKey(
        RoadSegment, on_delete=models.CASCADE, null=True, related_name="+", db_index=False
    )
    message_id = models.CharField(max_length=64)
    observed_at = models.DateTimeField()
    interval_seconds = models.PositiveIntegerField()
    entered = models.PositiveIntegerField(null=True)
    exited = models.PositiveIntegerField(null=True)
    occupancy = models.PositiveIntegerField(null=True)
    vehicles = models.PositiveIntegerField(null=True)
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["device", "message_id"], name="count_message_once"),
        ]
        indexes = [
            models.Index(fields=["zone", "observed_at"], name="count_zone_time"),
            models.Index(fields=["segment", "observed_at"], name="count_segment_time"),
        ]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.message_id}"


class ZoneOccupancy(models.Model):
    """How many people are in a zone now: ``max(0, anchor + net)``.

    ``anchor``: the last absolute count (a camera's occupancy, or a reset) and when it held;
    ``net``: entries minus exits observed after it. ``alerted``: the highest level already
    raised as an incident in this crowding episode (one alert per level, not one per message).
    """

    zone = models.OneToOneField(
        "events.Zone", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    anchor = models.IntegerField(default=0)
    anchor_at = models.DateTimeField(null=True, blank=True)
    net = models.IntegerField(default=0)
    occupancy = models.PositiveIntegerField(default=0)
    updated = models.DateTimeField(null=True, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.BELOW)
    alerted = models.CharField(max_length=10, blank=True, default="")
    # When the zone's state last went out on the live feed (at most every few seconds), and
    # when its trend last took a sample (``ZoneSample``).
    emitted_at = models.DateTimeField(null=True, blank=True)
    sampled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.zone_id}:{self.occupancy}"


class ZoneSample(models.Model):
    """The occupancy at a moment (a few seconds apart): the trend the forecast reads."""

    zone = models.ForeignKey("events.Zone", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    occupancy = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["zone", "at"], name="zone_sample_time")]

    def __str__(self) -> str:
        return f"{self.zone_id}@{self.at}:{self.occupancy}"


# Crowd-safety practice (G. Keith Still, "Crowd Safety and Risk Analysis"; the UK Green Guide):
# about 2 persons per m² is a comfortable planned density, around 4 a standing crowd becomes
# unstable, and from 5 it is dangerous (pressure waves, falls).
DEFAULT_PLANNED = 2.0
DEFAULT_UNSTABLE = 4.0
DEFAULT_DANGEROUS = 5.0


class ZoneThresholds(models.Model):
    """A zone's density thresholds in persons per m²; a zone without a row uses the defaults."""

    zone = models.OneToOneField(
        "events.Zone", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    planned = models.FloatField(_("planned (persons/m²)"), default=DEFAULT_PLANNED)
    unstable = models.FloatField(_("unstable (persons/m²)"), default=DEFAULT_UNSTABLE)
    dangerous = models.FloatField(_("dangerous (persons/m²)"), default=DEFAULT_DANGEROUS)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned__gt=0)
                & models.Q(unstable__gt=models.F("planned"))
                & models.Q(dangerous__gt=models.F("unstable")),
                name="zone_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zone_id}: {self.planned}/{self.unstable}/{self.dangerous}"
