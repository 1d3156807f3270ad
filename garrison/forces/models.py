"""The command tree: units nested from the command down to teams, their members and skills."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


# Posts and rosters live in the roster's own module; importing them here registers them with the
# app, and every other module imports them from here.
from garrison.forces.roster.models import (  # noqa: E402
    Assignment,
    Post,
    PostSkill,
    PostWindow,
    RosterRules,
    RosterRun,
    RunStatus,
    Unavailability,
)

__all__ = [
    "Assignment",
    "ForceMember",
    "Post",
    "PostSkill",
    "PostWindow",
    "Qualification",
    "RosterRules",
    "RosterRun",
    "RunStatus",
    "Unavailability",
    "Unit",
    "UnitType",
]
