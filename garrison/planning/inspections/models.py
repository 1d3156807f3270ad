"""Inspections: editable checklist templates, and inspections of a site item by item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistKind(models.TextChoices):
    FIRE_SAFETY = "fire_safety", _("Venue fire safety")
    HOTEL_SURVEY = "hotel_survey", _("Hotel security survey")
    PARKING = "parking", _("Parking")
    KITCHEN = "kitchen", _("Kitchen")
    OTHER = "other", _("Other")


class ChecklistTemplate(models.Model):
    """The items to check. An inspection copies them, so editing a template leaves past ones be."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="checklists")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ChecklistKind.choices)
    items = models.JSONField(_("items"), default=list)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="checklist_name_unique_in_event")
        ]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="inspections")
    site = models.ForeignKey(
        "events.Site",
        on_delete=models.SET_NULL,
        null=True,
        related_name="inspections",
        verbose_name=_("site"),
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    inspected_at = models.DateTimeField(_("inspected at"))
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspector"),
    )
    unit = models.ForeignKey(
        "forces.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("unit responsible for fixes"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ItemResult(models.TextChoices):
    PENDING = "pending", _("Not checked")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class InspectionItem(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("item"), max_length=300)
    result = models.CharField(
        _("result"), max_length=8, choices=ItemResult.choices, default=ItemResult.PENDING
    )
    notes = models.TextField(_("notes"), blank=True)
    task = models.ForeignKey(
        "planning.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_items",
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text
