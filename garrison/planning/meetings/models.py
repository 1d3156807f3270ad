"""Meetings of the security subcommittee: agenda, attendees, minutes, decisions and a snapshot."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Meeting(models.Model):
    """One meeting. ``snapshot`` holds every task's status when it was taken (``snapshot_at``):
    ``{"tasks": {"<task id>": "<status>"}}``, so the next meeting can show what changed since.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    held_at = models.DateTimeField(_("held at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(pgettext_lazy("meeting", "minutes"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("attendees"),
    )
    other_attendees = models.CharField(_("other attendees"), max_length=1000, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)
    snapshot_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["event", "held_at"])]

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    """What the meeting decided, and the task that carries it out."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    task = models.ForeignKey(
        "planning.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
