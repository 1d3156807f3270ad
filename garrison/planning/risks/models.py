"""The risk register: threats per event and site, scored likelihood × impact on a 5 × 5 grid."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = range(1, 6)
_SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    """A forecast threat. Inherent score before mitigation, residual score once its tasks are done."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="risks")
    site = models.ForeignKey(
        "events.Site",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("site"),
    )
    threat = models.CharField(_("threat"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=_SCORE)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=_SCORE)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood"), validators=_SCORE
    )
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), validators=_SCORE)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    mitigations = models.ManyToManyField(
        "planning.Task", blank=True, related_name="mitigates", verbose_name=_("mitigation tasks")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-likelihood", "-impact", "threat", "pk"]
        indexes = [models.Index(fields=["event", "site"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    likelihood__gte=1,
                    likelihood__lte=5,
                    impact__gte=1,
                    impact__lte=5,
                    residual_likelihood__gte=1,
                    residual_likelihood__lte=5,
                    residual_impact__gte=1,
                    residual_impact__lte=5,
                ),
                name="risk_scores_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.threat

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact


def level(score: int) -> str:
    """The band a score falls in, as a CSS class: low (1–4), medium (5–9), high (10–16), extreme."""
    if score >= 17:
        return "extreme"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"
