"""Drill scripts (the exercise's master scenario events list, MSEL), and the drills that run them.

A script lists its injects: what happens at which minute of the drill, where, how severe, what the
players are expected to do and by when, the objective it tests, and the contingency injects a
controller releases by hand when the expected action does not come. A drill is one run of a
script through the real operations desk: its releases say when each inject went in and which
incident it became there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InjectKind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    TIP = "tip", _("Tip from the public")
    GATE_SURGE = "gate_surge", _("Gate surge")
    FAILED_CLOSURE = "failed_closure", _("Failed road closure")
    UNIT_OUT = "unit_out_of_service", _("Unit out of service")


# The kinds the desk has no screen of its own for enter it as incidents of the matching type.
KIND_TYPES: dict[str, str] = {
    InjectKind.GATE_SURGE: "crowd",
    InjectKind.FAILED_CLOSURE: "traffic",
    InjectKind.UNIT_OUT: "infrastructure",
}


class Stage(models.TextChoices):
    """The step of the desk's response an inject's target time counts to, from its receipt."""

    TRIAGED = "triaged", _("Triaged")
    DISPATCHED = "dispatched", _("Unit dispatched")
    ON_SCENE = "on_scene", _("Unit on scene")
    RESOLVED = "resolved", _("Resolved")


class DrillScript(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="drill_script_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """What the drill sets out to prove ("O1: the desk dispatches to a medical call in 3 min")."""

    script = models.ForeignKey(DrillScript, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=16)
    text = models.CharField(_("objective"), max_length=500)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["script", "code"], name="objective_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class Inject(models.Model):
    script = models.ForeignKey(DrillScript, on_delete=models.CASCADE, related_name="injects")
    number = models.PositiveIntegerField(_("number"))
    # Seconds from the drill's start; none for a contingency, which a controller releases.
    offset_seconds = models.PositiveIntegerField(_("time from start"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=InjectKind.choices)
    # The code of one of the desk's incident types (ops' list is per event, so a code copies).
    incident_type = models.CharField(_("incident type"), max_length=32, blank=True)
    site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), default=3)
    text = models.TextField(_("text"))
    expected_action = models.CharField(_("expected action"), max_length=300)
    expected_stage = models.CharField(
        _("target counts to"), max_length=16, choices=Stage.choices, default=Stage.DISPATCHED
    )
    target_seconds = models.PositiveIntegerField(_("target time"))
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="injects"
    )
    contingency_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="contingencies"
    )

    class Meta:
        ordering = ["offset_seconds", "number"]
        constraints = [
            models.UniqueConstraint(fields=["script", "number"], name="inject_number_unique"),
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, severity__lte=4), name="inject_severity_1_4"
            ),
            # A scheduled inject has its minute; a contingency waits for a controller.
            models.CheckConstraint(
                condition=models.Q(contingency_of__isnull=True, offset_seconds__isnull=False)
                | models.Q(contingency_of__isnull=False, offset_seconds__isnull=True),
                name="inject_scheduled_or_contingency",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.get_kind_display()}"

    @property
    def minute(self) -> float | None:
        return None if self.offset_seconds is None else self.offset_seconds / 60


class ScriptImport(models.Model):
    """A checked file of injects waiting for the planner to confirm (nothing is written before)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    script = models.ForeignKey(DrillScript, on_delete=models.CASCADE, related_name="imports")
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)

    def __str__(self) -> str:
        return f"import {self.pk} of script {self.script_id}"


class DrillState(models.TextChoices):
    READY = "ready", pgettext_lazy("drill state", "Ready")
    RUNNING = "running", pgettext_lazy("drill state", "Running")
    PAUSED = "paused", _("Paused")
    STOPPED = "stopped", _("Stopped")


class StopReason(models.TextChoices):
    ENDED = "ended", _("Ended by the controller")
    REAL_EMERGENCY = "real_emergency", _("Stopped for a real emergency")


LIVE_STATES = (DrillState.RUNNING, DrillState.PAUSED)


class Drill(models.Model):
    """One run of a script. Its clock counts drill seconds: ``elapsed_seconds`` up to the last
    resume, plus the real time since ``resumed_at`` times ``speed`` while it runs."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    script = models.ForeignKey(DrillScript, on_delete=models.PROTECT, related_name="drills")
    name = models.CharField(_("name"), max_length=200)
    speed = models.PositiveSmallIntegerField(_("speed"), default=1)
    state = models.CharField(
        _("state"), max_length=16, choices=DrillState.choices, default=DrillState.READY
    )
    # Whose name the injects go in under at the desk: the controller who started or resumed it.
    controller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    resumed_at = models.DateTimeField(null=True, blank=True)
    elapsed_seconds = models.FloatField(default=0)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=16, choices=StopReason.choices, blank=True)
    stop_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One drill at a time per event, held by the database when two controllers race.
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(state__in=["running", "paused"]),
                name="one_live_drill_per_event",
            ),
            models.CheckConstraint(
                condition=models.Q(speed__gte=1, speed__lte=600), name="drill_speed_1_600"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReleaseState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("inject state", "Waiting")
    RELEASED = "released", _("Released")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Not accepted by the desk")


class Release(models.Model):
    """One inject in one drill: when it is due, when it went in, and the incident it became."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="releases")
    # Cascade: an inject can be deleted only while no drill of its script has started
    # (scripts.services), so what goes with it is a prepared drill's waiting row.
    inject = models.ForeignKey(Inject, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=ReleaseState.choices, default="pending")
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    released_at = models.DateTimeField(null=True, blank=True)
    # Real seconds between due and released: the release lag the benchmark measures.
    lag_seconds = models.FloatField(null=True, blank=True)
    by_hand = models.BooleanField(default=False)
    incident = models.ForeignKey(
        "ops.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    problem = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["drill", "inject"], name="one_release_per_inject"),
        ]

    def __str__(self) -> str:
        return f"drill {self.drill_id} inject {self.inject_id}: {self.state}"


# --- Evaluation (HSEEP) --------------------------------------------------------------------------


class Rating(models.TextChoices):
    """HSEEP's four ratings of how an objective was performed (exercise evaluation guide)."""

    PERFORMED = "P", _("P · Performed without challenges")
    SOME = "S", _("S · Performed with some challenges")
    MAJOR = "M", _("M · Performed with major challenges")
    UNABLE = "U", _("U · Unable to be performed")


class ObservationKind(models.TextChoices):
    NOTE = "note", pgettext_lazy("observation kind", "Observation")
    STRENGTH = "strength", _("Strength")
    IMPROVEMENT = "improvement", _("Area for improvement")


class Observation(models.Model):
    """What an evaluator saw, when: real time, and the drill's minute when it ran or was given."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="observations")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ObservationKind.choices, default=ObservationKind.NOTE
    )
    text = models.TextField(_("what was seen"))
    at = models.DateTimeField()
    # Drill seconds from the start; none when noted after the drill without a minute.
    drill_seconds = models.FloatField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["drill_seconds", "at", "pk"]

    def __str__(self) -> str:
        return f"drill {self.drill_id}: {self.kind}"

    @property
    def minute(self) -> float | None:
        return None if self.drill_seconds is None else self.drill_seconds / 60


class ObjectiveRating(models.Model):
    """The evaluation team's rating of one objective in one drill (the last one given stands)."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="ratings")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(_("rating"), max_length=1, choices=Rating.choices)
    note = models.CharField(_("reason"), max_length=500, blank=True)
    rated_at = models.DateTimeField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["objective__code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["drill", "objective"], name="one_rating_per_objective"),
            models.CheckConstraint(
                condition=models.Q(rating__in=["P", "S", "M", "U"]), name="rating_p_s_m_u"
            ),
        ]

    def __str__(self) -> str:
        return f"drill {self.drill_id} objective {self.objective_id}: {self.rating}"


class CorrectiveAction(models.Model):
    """A fix from the improvement plan; its owner, unit, deliverable and deadline are the
    planning task it became (planning owns the task's flow: open, done, verified)."""

    drill = models.ForeignKey(Drill, on_delete=models.CASCADE, related_name="corrective_actions")
    observation = models.ForeignKey(
        Observation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task = models.ForeignKey(
        "planning.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"drill {self.drill_id}: task {self.task_id}"
