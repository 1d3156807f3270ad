"""Posts that must be staffed, the rules of the roster, and who stands where when.

A post needs a headcount in time windows; some of those people must hold a qualification. The
roster is a set of assignments (one member, one post, one contiguous shift). Rosters are planned
in whole hours: every time here is on the hour, which keeps the optimiser's model small.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RosterRules(models.Model):
    """The event's roster rules and horizon; one row per event, created with defaults on demand."""

    event = models.OneToOneField(
        "events.Event", on_delete=models.CASCADE, related_name="roster_rules"
    )
    starts_at = models.DateTimeField(_("roster starts"))
    ends_at = models.DateTimeField(_("roster ends"))
    min_shift_hours = models.PositiveSmallIntegerField(_("shortest shift (hours)"), default=4)
    max_shift_hours = models.PositiveSmallIntegerField(_("longest shift (hours)"), default=8)
    min_rest_hours = models.PositiveSmallIntegerField(_("rest between shifts (hours)"), default=8)
    max_hours_per_day = models.PositiveSmallIntegerField(_("most hours per day"), default=12)
    time_limit_seconds = models.PositiveIntegerField(_("solver time limit (seconds)"), default=30)

    def __str__(self) -> str:
        return f"roster rules of event {self.event_id}"


class Post(models.Model):
    """A position at a site or zone: "main-hall door", "duty desk", "hotel B floor 5"."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="posts")
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=32)
    site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    instructions = models.TextField(_("instructions"), blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="post_code_unique_in_event"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PostWindow(models.Model):
    """How many people the post needs from ``starts_at`` to ``ends_at`` (whole hours)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="windows")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    headcount = models.PositiveSmallIntegerField(_("headcount"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="post_window_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.headcount} from {self.starts_at:%Y-%m-%d %H:%M}"


class PostSkill(models.Model):
    """Of the people on the post at any hour, at least ``count`` hold ``qualification``."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="skills")
    qualification = models.ForeignKey(
        "forces.Qualification", on_delete=models.PROTECT, related_name="post_skills"
    )
    count = models.PositiveSmallIntegerField(_("how many"), default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "qualification"], name="post_skill_once_per_qualification"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.count} × {self.qualification_id}"


class Unavailability(models.Model):
    """A member cannot (or should not) work then; the optimiser avoids it when it can."""

    member = models.ForeignKey(
        "forces.ForceMember", on_delete=models.CASCADE, related_name="unavailabilities"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.member_id} unavailable from {self.starts_at:%Y-%m-%d %H:%M}"


class Assignment(models.Model):
    """One shift: a member on a post from ``starts_at`` to ``ends_at``.

    ``pinned`` assignments were set by hand: the optimiser keeps them and plans around them;
    every other assignment is replaced when the roster is solved again.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="roster_assignments"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(
        "forces.ForceMember", on_delete=models.CASCADE, related_name="assignments"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        ordering = ["starts_at", "post__code", "member__full_name"]
        indexes = [models.Index(fields=["event", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} at {self.post_id} from {self.starts_at:%Y-%m-%d %H:%M}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    INFEASIBLE = "infeasible", _("Cannot be covered")
    FAILED = "failed", _("Failed")


class RosterRun(models.Model):
    """One run of the optimiser, polled by the roster page while it works."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="roster_runs")
    started_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    time_limit_seconds = models.PositiveIntegerField(default=30)
    elapsed_seconds = models.FloatField(default=0)
    solutions = models.PositiveIntegerField(default=0)
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    solver_status = models.CharField(max_length=32, blank=True)
    coverage = models.FloatField(null=True, blank=True)  # covered / needed person-hours, 0..1
    # Shortfalls found before or after solving: [{"post": .., "from": .., "to": .., "text": ..}].
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"roster run {self.pk} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
