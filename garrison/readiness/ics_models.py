"""The medical plan's (ICS 206) and the safety message's (ICS 208) rows.

A hospital is an events site of kind hospital (its name, address and point); ``Hospital`` adds the
capabilities ICS 206 asks for. The contacts are the hospital's own emergency lines, not a person's:
they never go into the audit chain all the same (only the capabilities do).

A safety message belongs to an operational period, a window of time (a congress day usually runs
from 06:00 to 06:00); one message per period start. Editing an approved message withdraws its
approval: the approval is of the words as they were.

They live beside the app's models (not in ``medical/`` and ``safety/``) because those packages
read the inventory through ``readiness.models``, which must not import them back.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TraumaLevel(models.TextChoices):
    # Levels as the American College of Surgeons defines trauma centres (ICS 206 asks "trauma
    # center: yes, level"); Vietnamese hospitals map onto them by what they can operate on.
    NONE = "", pgettext_lazy("trauma level", "No trauma centre")
    LEVEL_1 = "1", pgettext_lazy("trauma level", "Level I (full trauma centre)")
    LEVEL_2 = "2", pgettext_lazy("trauma level", "Level II")
    LEVEL_3 = "3", pgettext_lazy("trauma level", "Level III (stabilise and transfer)")


class Hospital(models.Model):
    site = models.OneToOneField(
        "events.Site", on_delete=models.CASCADE, related_name="hospital", primary_key=True
    )
    trauma = models.CharField(
        _("trauma centre"), max_length=1, choices=TraumaLevel.choices, blank=True
    )
    burn_unit = models.BooleanField(_("burn unit"), default=False)
    helipad = models.BooleanField(_("helipad"), default=False)
    emergency_phone = models.CharField(_("emergency department phone"), max_length=40, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)

    class Meta:
        ordering = ["site__name"]

    def __str__(self) -> str:
        return str(self.site)


class SafetyMessage(models.Model):
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, related_name="safety_messages"
    )
    period_starts = models.DateTimeField(_("operational period from"))
    period_ends = models.DateTimeField(_("operational period to"))
    message = models.TextField(_("safety message"), max_length=4000)
    site_safety_plan = models.BooleanField(_("site safety plan required"), default=False)
    site_safety_plan_at = models.CharField(
        _("where the site safety plan is kept"), max_length=200, blank=True
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "period_starts"], name="safety_message_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_ends__gt=models.F("period_starts")),
                name="safety_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"ICS 208 {self.period_starts:%Y-%m-%d %H:%M}"
