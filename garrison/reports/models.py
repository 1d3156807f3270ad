"""The action plan of an operational period, and the versions of it that were published.

An ``ActionPlan`` holds only what the plan does not find elsewhere: the period and its objectives
(ICS 202). Everything else in the packet (the organisation, the assignments, the radio and
medical plans, the safety message) is read from the live data when a version is built.

A ``PublishedPlan`` is one version frozen as it was printed: its PDF bytes, their SHA-256 and the
event key's Ed25519 signature of that digest. The same digest goes into the audit chain, so a
copy in hand can be told from an edited one (``garrison verify_plan FILE.pdf``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Language(models.TextChoices):
    VI = "vi", "Tiếng Việt"
    EN = "en", "English"


class ActionPlan(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    period_starts = models.DateTimeField(_("operational period from"))
    period_ends = models.DateTimeField(_("operational period to"))
    objectives = models.TextField(_("objectives"), max_length=6000, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "period_starts"], name="action_plan_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_ends__gt=models.F("period_starts")),
                name="action_plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"IAP {self.period_starts:%Y-%m-%d %H:%M}"


class PublishedPlan(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="versions")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    key_id = models.CharField(max_length=64)
    signature = models.BinaryField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()
    # What the version said, section by section (``snapshot.take``): the comparison with the
    # previous version and the units' pages read it, never the live data. None before it was kept.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    content_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="published_plan_version"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"


class PublishJob(models.Model):
    """One request to publish the period's plan, built by a queue worker (``publishing``).

    The row is the progress every server process can read: ``done`` of ``steps`` sections, the
    state, and at the end the version it produced (``published``). A second request for the same
    plan while one is active is the same job: one submission, one version. ``worker`` and
    ``attempts`` let the sweep run a build again whose worker died, or fail it.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        BUILDING = "building", _("Building")
        DONE = "done", pgettext_lazy("publication state", "Published")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="jobs")
    language = models.CharField(max_length=2, choices=Language.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # Why it failed: a domain error's code ("unusable_resource"), "interrupted", "error",
    # "queue_unavailable"; ``message`` says it in the requester's language.
    error = models.CharField(max_length=32, blank=True)
    message = models.CharField(max_length=2000, blank=True)
    steps = models.PositiveSmallIntegerField(default=0)
    done = models.PositiveSmallIntegerField(default=0)
    published = models.ForeignKey(
        PublishedPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The content was the same as the plan's latest version in that language: that one stands.
    unchanged = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            # A double click or a request sent twice finds the job already there.
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(state__in=["queued", "building"]),
                name="publish_job_one_active_per_plan",
            )
        ]

    def __str__(self) -> str:
        return f"publish-{self.pk}"

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.BUILDING)

    @property
    def percent(self) -> int:
        return 100 if not self.steps else min(100, self.done * 100 // self.steps)


# Django finds an app's models in its models module.
from garrison.reports.sitreps.models import Sitrep, SitrepSchedule  # noqa: E402

__all__ = [
    "ActionPlan",
    "Language",
    "PublishJob",
    "PublishedPlan",
    "Sitrep",
    "SitrepSchedule",
]
