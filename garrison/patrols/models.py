"""Patrol points with signed plaques, tours over them on a schedule, the rounds those schedules
make, and the scans that prove a round was walked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Point(models.Model):
    """A place a patrol must pass: a point with a radius, at a site or a zone, with a plaque."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    serial = models.PositiveIntegerField()  # printed on the plaque and signed in its QR
    name = models.CharField(max_length=120)
    site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lat = models.FloatField()
    lon = models.FloatField()
    radius_m = models.PositiveIntegerField(default=50)
    instructions = models.TextField(blank=True)
    # Raises how often the randomised schedules visit it first (1 = ordinary).
    risk = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "serial"], name="patrol_point_serial"),
            models.UniqueConstraint(fields=["event", "name"], name="patrol_point_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Tour(models.Model):
    class Schedule(models.TextChoices):
        EVERY = "every", _("Every so many minutes")
        AT = "at", _("At fixed times")
        RANDOM = "random", _("At random times")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    unit = models.ForeignKey(
        "forces.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ordered = models.BooleanField(default=True)  # the points in their order, or in any order
    schedule = models.CharField(max_length=8, choices=Schedule.choices, default=Schedule.EVERY)
    every_minutes = models.PositiveIntegerField(default=60)  # EVERY and RANDOM: rounds per period
    times = models.JSONField(default=list, blank=True)  # AT: "HH:MM" in the event's time zone
    day_start = models.TimeField(null=True, blank=True)  # rounds only between these hours
    day_end = models.TimeField(null=True, blank=True)
    walk_minutes = models.PositiveIntegerField(default=30)  # how long a round should take
    grace_minutes = models.PositiveIntegerField(default=10)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    # Rounds exist up to here: each check plans only what is new (apps.CHECK_EVERY seconds).
    planned_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="patrol_tour_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Stop(models.Model):
    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops")
    point = models.ForeignKey(Point, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "point"], name="patrol_stop_once"),
        ]

    def __str__(self) -> str:
        return f"{self.tour_id}/{self.position}"


class Round(models.Model):
    """One walk a tour's schedule asks for: its points, in the order for this round."""

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("patrol round", "Planned")
        DONE = "done", pgettext_lazy("patrol round", "Done")
        LATE = "late", pgettext_lazy("patrol round", "Done late")
        MISSED = "missed", pgettext_lazy("patrol round", "Incomplete")

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="rounds")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()  # start + walking time + grace: late after this
    order = models.JSONField(default=list)  # point ids, the order this round walks them
    state = models.CharField(max_length=8, choices=State.choices, default=State.PLANNED)
    alerted_at = models.DateTimeField(null=True, blank=True)
    missing = models.JSONField(default=list, blank=True)  # point ids not scanned in time

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tour", "starts_at"], name="patrol_round_once"),
        ]
        indexes = [models.Index(fields=["state", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.tour_id} @ {self.starts_at:%Y-%m-%dT%H:%MZ}"


class Visit(models.Model):
    """A plaque scanned by a field officer's phone (its ``client_id`` is the idempotency key)."""

    class Flag(models.TextChoices):
        FAR = "far", _("Far from the plaque's place")
        TOO_FAST = "too_fast", _("Faster than one can walk from the previous plaque")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    client_id = models.UUIDField(unique=True)
    point = models.ForeignKey(Point, on_delete=models.PROTECT, related_name="visits")
    round = models.ForeignKey(
        Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits"
    )
    walker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    scanned_at = models.DateTimeField()  # on the phone: lateness is judged by this time
    received_at = models.DateTimeField()
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    accuracy_m = models.FloatField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)  # from the point, when located
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["scanned_at", "pk"]
        indexes = [models.Index(fields=["point", "scanned_at"])]

    def __str__(self) -> str:
        return str(self.client_id)
