"""Checkpoints, the scanners bound to them, every scan, and who is inside which zone."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")
    BOTH = "both", _("Entry and exit")


class Checkpoint(models.Model):
    """A gate that guards one zone, for entry, exit or both."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="checkpoints")
    zone = models.ForeignKey("events.Zone", on_delete=models.PROTECT, related_name="checkpoints")
    name = models.CharField(_("name"), max_length=120)
    direction = models.CharField(_("direction"), max_length=5, choices=Direction.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="checkpoint_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, direction: str) -> bool:
        return self.direction in (Direction.BOTH, direction)


class Enrolment(models.Model):
    """A one-time code an officer shows to a phone so it becomes this checkpoint's scanner.

    Only the code's SHA-256 is kept; it expires after a few minutes and works once.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("device name"), max_length=120)
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    device = models.ForeignKey(
        "accounts.Device", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.name


class Scanner(models.Model):
    """Which checkpoint a scanner device serves."""

    device = models.OneToOneField(
        "accounts.Device", on_delete=models.CASCADE, related_name="scanner"
    )
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.CASCADE, related_name="scanners")

    def __str__(self) -> str:
        return f"{self.device_id}@{self.checkpoint_id}"


class Presence(models.Model):
    """Whether a badge holder (by badge serial, stable across versions) is inside a zone.

    The row anti-passback locks: two gates scanning one badge at once serialise here.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey("events.Zone", on_delete=models.CASCADE, related_name="+")
    serial = models.PositiveIntegerField()
    inside = models.BooleanField(default=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["zone", "serial"], name="one_presence_per_zone"),
        ]

    def __str__(self) -> str:
        return f"{self.serial}@{self.zone_id}:{self.inside}"


class Scan(models.Model):
    """One scan as it happened — refused ones too. ``client_id`` (the phone's UUID) makes an
    upload idempotent: the same scan sent twice is stored once.

    The most written table: each index is paid at every scan, so the foreign keys carry none of
    their own — the event and checkpoint are the composite index's first columns, and a device,
    zone or checkpoint is deleted rarely enough that its one full pass is cheaper.
    """

    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    client_id = models.UUIDField(unique=True)
    device = models.ForeignKey(
        "accounts.Device", on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.SET_NULL, null=True, related_name="scans", db_index=False
    )
    zone = models.ForeignKey(
        "events.Zone", on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    direction = models.CharField(max_length=5, choices=Direction.choices)
    serial = models.PositiveIntegerField(null=True)
    version = models.PositiveIntegerField(null=True)
    result = models.CharField(max_length=16, db_index=True)
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    offline = models.BooleanField(default=False)
    # Offline verdict differs from what the server decides now: kept, and shown for review.
    flagged = models.BooleanField(default=False)

    class Meta:
        ordering = ["-scanned_at", "-pk"]
        indexes = [models.Index(fields=["event", "checkpoint", "scanned_at"])]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.result}"
