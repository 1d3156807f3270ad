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

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "version"], name="published_plan_version"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.version}"
