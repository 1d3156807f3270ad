"""Directives down the event tree and situation reports up it.

A directive belongs to the parent that sends it; each addressed sub-event gets one ``Delivery``,
which points at the planning task the directive became there. Its state (sent, acknowledged,
done) is read from that task, so the sub-event's own work is what rolls back up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Directive(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("directive"))
    deadline = models.DateTimeField(_("deadline"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Delivery(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(
        "planning.Task", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["event__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "event"], name="one_delivery_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.directive_id}→{self.event_id}"


class SituationReport(models.Model):
    """A sub-event's report to its parent: the words and a few numbers."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("situation"))
    forces_on_duty = models.PositiveIntegerField(_("forces on duty"), default=0)
    incidents_open = models.PositiveIntegerField(_("incidents open"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["parent", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.event_id}@{self.sent_at:%Y-%m-%d %H:%M}"
