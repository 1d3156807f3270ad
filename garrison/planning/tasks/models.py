"""The overall plan: tasks with the four clears (who, what, which unit, by when) and comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TaskStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("task status", "Draft")
    OPEN = "open", pgettext_lazy("task status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", pgettext_lazy("task status", "Done")
    VERIFIED = "verified", _("Verified")


FINISHED = (TaskStatus.DONE, TaskStatus.VERIFIED)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Task(models.Model):
    """One line of the plan. Out of draft it must name owner, unit, deliverable and deadline."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    deliverable = models.TextField(_("deliverable"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_tasks",
        verbose_name=_("owner"),
    )
    unit = models.ForeignKey(
        "forces.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("responsible unit"),
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    phase = models.ForeignKey(
        "events.Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.DRAFT
    )
    depends_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="dependents"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["event", "status", "deadline"]),
            models.Index(fields=["event", "unit", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    def missing_clears(self) -> list[str]:
        """Which of the four clears (rõ người, rõ việc, rõ trách nhiệm, rõ thời gian) are missing."""
        missing = []
        if self.owner_id is None:
            missing.append("owner")
        if not self.deliverable.strip():
            missing.append("deliverable")
        if self.unit_id is None:
            missing.append("unit")
        if self.deadline is None:
            missing.append("deadline")
        return missing


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(_("comment"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.body[:40]}"
