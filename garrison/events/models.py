"""An event, its phases, the sites it uses and the zones inside them."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(tz)s"), params={"tz": value})


class Event(models.Model):
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Ho_Chi_Minh", validators=[validate_time_zone]
    )
    created = models.DateTimeField(auto_now_add=True)
    # A national event over provincial sub-events. Its command reads down the tree (never across
    # siblings); ``events.services.tree.set_parent`` is the only write and refuses a cycle.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent event"),
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class PhaseKind(models.TextChoices):
    BEFORE = "before", _("Before")
    DURING = "during", _("During")
    AFTER = "after", _("After")
    CUSTOM = "custom", _("Custom")


class Phase(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("kind"), max_length=16, choices=PhaseKind.choices)
    name = models.CharField(_("name"), max_length=120)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SiteKind(models.TextChoices):
    VENUE = "venue", _("Venue")
    HOTEL = "hotel", _("Hotel")
    KEY_TARGET = "key_target", _("Key target")
    HOSPITAL = "hospital", _("Hospital")
    FIRE_STATION = "fire_station", _("Fire station")
    ASSEMBLY_POINT = "assembly_point", _("Assembly point")
    OTHER = "other", _("Other")


class Site(models.Model):
    """A place the event uses or depends on. ``polygon`` is a GeoJSON Polygon geometry."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    polygon = models.JSONField(_("outline"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="site_name_unique_in_event"),
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="site_point_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AccessLevel(models.TextChoices):
    OPEN = "open", _("Open")
    CONTROLLED = "controlled", _("Controlled")
    RESTRICTED = "restricted", _("Restricted")
    SECURE = "secure", _("Secure")


class Zone(models.Model):
    """An area inside a site with its own access rule. ``event`` is kept for scoped lookups."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="zones")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="zones")
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=200)
    polygon = models.JSONField(_("outline"))
    access_level = models.CharField(_("access level"), max_length=16, choices=AccessLevel.choices)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        ordering = ["site__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="zone_code_unique_in_event"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RetentionPolicy(models.Model):
    """When the event's personal data goes, and which kinds of it (``events.retention``).

    An event has no row until its commander first saves the policy; until then
    ``retention.policy_for`` reads the default: 30 days after the last day, every kind.
    """

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="retention_policy"
    )
    purge_on = models.DateField(_("purge date"))
    # The keys of ``retention.KINDS`` to purge, in that order.
    kinds = models.JSONField(_("what is purged"), default=list)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.event} retention"


class PurgeRun(models.Model):
    """One purge of the event's personal data (``events.services.purge``): progress, result.

    The counts are written in each batch's own transaction, so they are exactly what was purged
    however often the run is interrupted and resumed. ``heartbeat`` and ``holder`` say who is
    running it now: a runner takes the run only if nobody holds it or its holder has been silent
    for a while (``services.purge.STALE_AFTER``), so a purge started twice runs once.
    """

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="purge_runs")
    state = models.CharField(max_length=8, choices=State.choices, default=State.RUNNING)
    # The policy as the run began: {"purge_on": "YYYY-MM-DD", "kinds": [...]}.
    policy = models.JSONField(default=dict)
    # Rows purged per step ("accreditation.person", "accreditation.person.credentials"…).
    counts = models.JSONField(default=dict)
    batches = models.PositiveIntegerField(default=0)
    # The longest batch's transaction, in milliseconds: the figure gates and the desk wait on.
    longest_ms = models.PositiveIntegerField(default=0)
    actor_user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=64, blank=True)
    # The purge certificate's audit entry.
    certificate_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started", "-pk"]
        constraints = [
            # One run at a time per event: a second start resumes the first.
            models.UniqueConstraint(
                fields=["event"], condition=models.Q(state="running"), name="one_running_purge"
            ),
        ]

    def __str__(self) -> str:
        return f"purge #{self.pk}"
