"""The forces' data: the command tree, its members and skills, posts, and the 24/7 roster.

Units nest from the command down to teams. A post needs a headcount in time windows; some of
those people must hold a qualification. The roster is a set of assignments (one member, one
post, one contiguous shift). Rosters are planned in whole hours: every time of a post window,
an assignment or the roster rules is on the hour, which keeps the optimiser's model small.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitType(models.TextChoices):
    POLICE = "police", _("Police")
    TRAFFIC_POLICE = "traffic_police", _("Traffic police")
    GUARD = "guard", _("Guard")
    FIRE = "fire", _("Fire and rescue")
    MEDICAL = "medical", _("Medical")
    MILITARY = "military", _("Military")
    CIVIL = "civil", _("Civil")


class Unit(models.Model):
    """A unit of the command tree.

    ``path`` is the materialised path of ids from the root (``/3/7/12/``): a subtree is one
    indexed prefix query, which the unit-scope hook runs on every scoped request.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=32)
    type = models.CharField(_("type"), max_length=20, choices=UnitType.choices)
    base_site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="units"
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    path = models.CharField(max_length=1000, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="unit_code_unique_in_event"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class Qualification(models.Model):
    """A skill a post may require: "access control", "first aid", "driver", "K9"."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="qualifications"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"], name="qualification_code_unique_in_event"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ForceMember(models.Model):
    """A person of the forces. ``user`` links the member to a login when they have one."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="force_members"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="members")
    full_name = models.CharField(_("full name"), max_length=200)
    rank = models.CharField(_("rank"), max_length=80, blank=True)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    qualifications = models.ManyToManyField(Qualification, blank=True, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="force_members",
    )

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], name="one_force_member_per_user_and_event"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


# --- Posts and the roster -------------------------------------------------------------------------


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
    DONE = "done", pgettext_lazy("solver run", "Done")
    INFEASIBLE = "infeasible", _("Cannot be covered")
    FAILED = "failed", pgettext_lazy("solver run", "Failed")


class RosterRun(models.Model):
    """One run of the optimiser, polled by the roster page while a worker solves it.

    ``worker`` names the worker solving it: if that worker dies, the sweep queues the run again
    (``attempts`` counts the solves begun) or fails it with the reason (``error``).
    ``heartbeat`` moves with every progress write, so a solve that stopped moving anyway is seen
    as stale and marked failed instead of "running" forever.
    """

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
    # Why it failed: "interrupted" (its worker died), "error", "queue_unavailable".
    error = models.CharField(max_length=17, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # its task on the queue, once queued
    worker = models.CharField(max_length=64, blank=True)  # the worker solving it
    attempts = models.PositiveSmallIntegerField(default=0)  # solves begun: a re-run is the second

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"roster run {self.pk} ({self.status})"

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
