"""The event's resources: a typed catalogue, the items it holds, their history, and the minimum
levels each place needs.

The catalogue follows the NIMS resource typing library's idea: a *kind* ("fire", "medical") has
*types*, each named for its minimum capability ("ambulance, advanced life support"), so that a
requirement of "2 × ALS ambulance" is met by any item of that type. An item is either one piece
with its own identifier (an engine, a radio) or a quantity of a consumable (extinguishers of one
batch, barriers). Where an item is — a site, a zone or a post — is its *assignment*; an item with
no place is in store.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# How far ahead an expiry or inspection date raises an alert and turns a place amber.
ALERT_DAYS = 14


class ResourceKind(models.Model):
    """A family of resources: fire and rescue, medical, communications, logistics, screening."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="resource_kinds"
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"], name="resource_kind_code_unique_in_event"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceType(models.Model):
    """A type of resource and the least it must be able to do ("CO₂ extinguisher, 5 kg")."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="resource_types"
    )
    kind = models.ForeignKey(ResourceKind, on_delete=models.PROTECT, related_name="types")
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    capability = models.CharField(_("minimum capability"), max_length=300, blank=True)
    # Counted by quantity (extinguishers, barriers) rather than item by item with identifiers.
    consumable = models.BooleanField(_("counted by quantity"), default=False)

    class Meta:
        ordering = ["kind__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "code"], name="resource_type_code_unique_in_event"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResourceStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")
    MAINTENANCE = "maintenance", _("In maintenance")


class Condition(models.TextChoices):
    GOOD = "good", pgettext_lazy("condition", "Good")
    FAIR = "fair", pgettext_lazy("condition", "Fair")
    POOR = "poor", pgettext_lazy("condition", "Poor")


class Resource(models.Model):
    """One item (``identifier`` set, quantity 1) or a quantity of a consumable type.

    At most one of ``site``, ``zone`` and ``post`` is set: where the item is assigned.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="resources")
    type = models.ForeignKey(ResourceType, on_delete=models.PROTECT, related_name="resources")
    identifier = models.CharField(_("identifier"), max_length=60, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    # The services require an owner; a unit removed from the tree leaves its items unowned
    # (and a removed place leaves them in store) rather than blocking the removal.
    owner_unit = models.ForeignKey(
        "forces.Unit", on_delete=models.SET_NULL, null=True, related_name="resources"
    )
    site = models.ForeignKey(
        "events.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    post = models.ForeignKey(
        "forces.Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="resources"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResourceStatus.choices,
        default=ResourceStatus.IN_SERVICE,
    )
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.GOOD
    )
    inspection_due = models.DateField(_("inspection due"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    purchased_on = models.DateField(_("purchased"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type__name", "identifier", "pk"]
        indexes = [
            models.Index(fields=["event", "type"]),
            models.Index(fields=["event", "owner_unit"]),
            models.Index(fields=["event", "expires_on"]),
            models.Index(fields=["event", "inspection_due"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "identifier"],
                condition=~Q(identifier=""),
                name="resource_identifier_unique_in_event",
            ),
            models.CheckConstraint(
                condition=(
                    Q(site__isnull=True, zone__isnull=True)
                    | Q(site__isnull=True, post__isnull=True)
                    | Q(zone__isnull=True, post__isnull=True)
                ),
                name="resource_at_one_place",
            ),
            models.CheckConstraint(
                condition=(
                    Q(expires_on__isnull=True)
                    | Q(purchased_on__isnull=True)
                    | Q(expires_on__gte=models.F("purchased_on"))
                ),
                name="resource_expires_after_purchase",
            ),
        ]

    def __str__(self) -> str:
        if self.identifier:
            return f"{self.type} {self.identifier}"
        return f"{self.quantity} × {self.type}"

    @property
    def place(self) -> models.Model | None:
        return self.post or self.zone or self.site

    def expired(self, today: dt.date) -> bool:
        return self.expires_on is not None and self.expires_on < today

    def inspection_overdue(self, today: dt.date) -> bool:
        return self.inspection_due is not None and self.inspection_due < today


class Action(models.TextChoices):
    CREATED = "created", pgettext_lazy("resource history", "Taken in")
    ASSIGNED = "assigned", pgettext_lazy("resource history", "Assigned")
    RETURNED = "returned", pgettext_lazy("resource history", "Returned")
    CHECKED = "checked", pgettext_lazy("resource history", "Checked")
    REPAIRED = "repaired", pgettext_lazy("resource history", "Repair")
    EDITED = "edited", pgettext_lazy("resource history", "Edited")


class ResourceEvent(models.Model):
    """One line of an item's history, written by the services with each change."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where it went, what state it was left in: a short readable line and the values.
    place = models.CharField(_("place"), max_length=250, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ResourceStatus.choices)
    condition = models.CharField(_("condition"), max_length=8, choices=Condition.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Requirement(models.Model):
    """The minimum a place needs: ``quantity`` of ``type`` in service and valid, at one place."""

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="resource_requirements"
    )
    type = models.ForeignKey(ResourceType, on_delete=models.PROTECT, related_name="requirements")
    quantity = models.PositiveIntegerField(_("quantity"))
    site = models.ForeignKey(
        "events.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "forces.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(site__isnull=False, zone__isnull=True, post__isnull=True)
                    | Q(site__isnull=True, zone__isnull=False, post__isnull=True)
                    | Q(site__isnull=True, zone__isnull=True, post__isnull=False)
                ),
                name="requirement_at_exactly_one_place",
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="requirement_quantity_positive"
            ),
            # One per place and type (three, as NULLs never collide in a unique index).
            *(
                models.UniqueConstraint(
                    fields=["type", kind],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"requirement_once_per_{kind}_and_type",
                )
                for kind in ("site", "zone", "post")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.type_id}"


class AlertKind(models.TextChoices):
    EXPIRY = "expiry", _("Expires")
    INSPECTION = "inspection", _("Inspection due")


class ResourceAlert(models.Model):
    """An alert raised ahead of an item's expiry or inspection date, once per item and date."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    due = models.DateField()
    raised = models.DateTimeField()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "kind", "due"], name="resource_alert_once_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.kind} {self.due}"


class ImportBatch(models.Model):
    """An uploaded inventory waiting for confirmation: its good rows cleaned, its bad rows with
    their reasons. Nothing becomes a Resource until it is confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")
        DISCARDED = "discarded", _("Discarded")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


# The communications plan has its own module; imported here so that Django sees it as this app's.
from garrison.readiness.comms.models import Channel, Function, Mode  # noqa: E402
from garrison.readiness.ics_models import Hospital, SafetyMessage, TraumaLevel  # noqa: E402

__all__ = [
    "ALERT_DAYS",
    "Action",
    "AlertKind",
    "Channel",
    "Condition",
    "Function",
    "Hospital",
    "ImportBatch",
    "Mode",
    "Requirement",
    "Resource",
    "ResourceAlert",
    "ResourceEvent",
    "ResourceKind",
    "ResourceStatus",
    "ResourceType",
    "SafetyMessage",
    "TraumaLevel",
]
