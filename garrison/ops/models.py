"""Incidents, their transitions, the units sent to them and the units' own status.

An incident is a safety or security event (ARCHITECTURE.md), never a person's views. Its status
moves along a fixed lifecycle (``incidents/lifecycle.py``); every move is an ``IncidentTransition`` row
with its time and who made it, so the timers and the ICS 214 log read the same facts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Severity(models.IntegerChoices):
    # 1 is the most severe: the triage queue sorts ascending.
    CRITICAL = 1, _("1 · Critical")
    HIGH = 2, _("2 · High")
    MEDIUM = 3, _("3 · Medium")
    LOW = 4, _("4 · Low")


class Source(models.TextChoices):
    PUBLIC_TIP = "public_tip", _("Public tip")
    STAFF = "staff", _("Staff")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    SENSOR = "sensor", _("Sensor")
    DRILL = "drill", _("Drill")
    PATROL = "patrol", _("Patrol")


class Status(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    DISPATCHED = "dispatched", _("Dispatched")
    ON_SCENE = "on_scene", _("On scene")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")
    CANCELLED = "cancelled", _("Cancelled")
    DUPLICATE = "duplicate", _("Duplicate")


class IncidentType(models.Model):
    """One entry of the event's editable list of incident types (fire, medical, …)."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="incident_types"
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)
    active = models.BooleanField(_("offered for new incidents"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="incident_type_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The standard types are stored in English and shown in the reader's language;
        a name someone typed has no catalogue entry and shows as typed."""
        return gettext(self.name)


class Incident(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="incidents")
    # Unguessable and global: the public status page finds a tip by this code alone.
    reference = models.CharField(_("reference"), max_length=12, unique=True)
    type = models.ForeignKey(IncidentType, on_delete=models.PROTECT, related_name="incidents")
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    description = models.TextField(_("description"))
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="incidents"
    )
    location_text = models.CharField(_("where"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_incidents",
    )
    # The unit of a unit-scoped reporter (a field officer): the incident concerns that unit.
    reporting_unit = models.ForeignKey(
        "forces.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    # "Who is working this": an officer takes a report so that a second one does not.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_incidents",
    )
    handler_since = models.DateTimeField(null=True, blank=True)
    # Injected by a drill (garrison.drills): worked like any other report, shown with the
    # exercise mark everywhere, kept out of public pages and real-operations statistics, and
    # sorted after real incidents on every desk list.
    exercise = models.BooleanField(_("exercise"), default=False, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=4), name="incident_severity_1_4"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(lat__isnull=True, lon__isnull=True)
                    | models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180)
                ),
                name="incident_point_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.type}"

    def point(self) -> tuple[float, float] | None:
        """Where to draw it: its own point, else its site's."""
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        if self.site is not None:
            return self.site.lat, self.site.lon
        return None


class IncidentTransition(models.Model):
    """One status change: from, to, when, by whom. Never edited."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.from_status} → {self.to_status}"


class IncidentPhoto(models.Model):
    """A photo attached to an incident, under the accreditation photo rules: judged by content,
    re-encoded as a fresh JPEG without metadata. Shown to the desk only."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="photos")
    data = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.incident_id}: photo {self.sha256[:12]}"


class UnitState(models.TextChoices):
    AVAILABLE = "available", _("Available")
    DISPATCHED = "dispatched", _("Dispatched")
    EN_ROUTE = "en_route", _("En route")
    ON_SCENE = "on_scene", _("On scene")
    RETURNING = "returning", _("Returning")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Assignment(models.Model):
    """A unit sent to an incident, with the time of each step of the unit's response."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("forces.Unit", on_delete=models.CASCADE, related_name="+")
    dispatched_at = models.DateTimeField()
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    en_route_at = models.DateTimeField(null=True, blank=True)
    on_scene_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dispatched_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "unit"], name="one_assignment_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.incident_id}"

    @property
    def active(self) -> bool:
        return self.cleared_at is None


class UnitStatus(models.Model):
    """The current state of one unit of the command tree, kept here so ``forces`` stays plain."""

    unit = models.OneToOneField(
        "forces.Unit", on_delete=models.CASCADE, primary_key=True, related_name="ops_status"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(
        _("status"), max_length=16, choices=UnitState.choices, default=UnitState.AVAILABLE
    )
    since = models.DateTimeField()
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Last known position of a moving unit (a patrol); the unit's base otherwise.
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.state}"


class UnitStatusChange(models.Model):
    """Every unit state change with its time: the unit's own activity log."""

    unit = models.ForeignKey("forces.Unit", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=UnitState.choices)
    at = models.DateTimeField(db_index=True)
    incident = models.ForeignKey(
        Incident, on_delete=models.SET_NULL, null=True, blank=True, related_name="unit_changes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.state} at {self.at:%H:%M:%S}"


class LogEntry(models.Model):
    """A free-text entry of an activity log (ICS 214 "notable activities"): when, who, what."""

    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    text = models.TextField()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class Note(LogEntry):
    """An entry of an incident's activity log."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notes")

    class Meta(LogEntry.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.text[:40]}"


class UnitNote(LogEntry):
    """An entry of a unit's activity log."""

    unit = models.ForeignKey("forces.Unit", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(db_index=True)  # a unit's log is read by time window

    class Meta(LogEntry.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.text[:40]}"


class OpsSettings(models.Model):
    """The desk's configuration for one event: whether the public may send tips, and the
    response-time targets the timers count against (defaults and sources in
    ``timers/targets.py``)."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, primary_key=True, related_name="ops_settings"
    )
    tips_open = models.BooleanField(_("accept tips from the public"), default=False)
    call_processing_seconds = models.PositiveIntegerField(
        _("call processing target (seconds)"), default=60
    )
    call_processing_percent = models.PositiveSmallIntegerField(
        _("share of incidents that must meet it (%)"), default=90
    )
    turnout_seconds = models.PositiveIntegerField(_("turnout target (seconds)"), default=80)
    travel_seconds = models.PositiveIntegerField(_("travel target (seconds)"), default=240)

    def __str__(self) -> str:
        return f"ops settings {self.event_id}"


class TipThrottle(models.Model):
    """One accepted (or trapped) public submission per row, by a keyed hash of the address.

    Kept in the database rather than a per-process cache so that the limit holds across server
    processes; rows older than the window are deleted as new tips arrive.
    """

    address = models.CharField(max_length=12, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.address}@{self.at:%H:%M:%S}"


class BreachKind(models.TextChoices):
    CALL_PROCESSING = "call_processing", _("Call processing")
    TURNOUT = "turnout", _("Turnout")
    TRAVEL = "travel", _("Travel")


class Breach(models.Model):
    """A response-time target that was missed, noticed once and told to the commander once."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="breaches")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="breaches"
    )
    kind = models.CharField(max_length=20, choices=BreachKind.choices)
    target_seconds = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # Two partial indexes: NULLs are distinct in a plain unique index on both databases.
            models.UniqueConstraint(
                fields=["incident", "kind"],
                condition=models.Q(assignment__isnull=True),
                name="one_incident_breach_per_kind",
            ),
            models.UniqueConstraint(
                fields=["assignment", "kind"],
                condition=models.Q(assignment__isnull=False),
                name="one_assignment_breach_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind}"
