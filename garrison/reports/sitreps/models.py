"""Situation reports (ICS 209 style): a schedule per event, and the reports published from it or
on demand, each frozen as it was published like a version of the action plan.

A ``Sitrep``'s ``content`` holds its figures as data (incidents by type and status, response
times against targets, scans and occupancy, resources by status, closures) computed once at
publishing; its HTML page and PDF are drawn from that, never from the live tables again. The
PDF's SHA-256 goes into the audit chain and is signed with the event's key, as a plan's is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SitrepSchedule(models.Model):
    """When the event's situation reports go up, and the notes for the next one."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="+")
    # Local times of day ("06:00", "18:00"), sorted, in the event's time zone.
    times = models.JSONField(_("times"), default=list, blank=True)
    # Notable events written by the duty staff for the next report, which takes and clears them.
    notes = models.TextField(_("notable events"), max_length=5000, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"sitreps {self.event_id}: {', '.join(self.times)}"


class Sitrep(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("number"))
    # The set time it answers (None: asked for on demand).
    scheduled_for = models.DateTimeField(_("set time"), null=True, blank=True)
    covers_from = models.DateTimeField(_("from"))
    covers_to = models.DateTimeField(_("to"))
    language = models.CharField(_("language"), max_length=2)
    content = models.JSONField(editable=False)
    notable = models.TextField(_("notable events"), blank=True)
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    key_id = models.CharField(max_length=64)
    signature = models.BinaryField()
    # None: published by the schedule.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-covers_to", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="sitrep_number"),
            # Once per set time, however many workers or servers run the schedule.
            models.UniqueConstraint(
                fields=["event", "scheduled_for"], name="sitrep_once_per_set_time"
            ),
            models.CheckConstraint(
                condition=models.Q(covers_to__gte=models.F("covers_from")),
                name="sitrep_covers_forward",
            ),
        ]

    def __str__(self) -> str:
        return f"SITREP {self.number}"
