"""The communications plan (ICS 205): the event's radio channels and talk groups, by function,
and the units on each.

A channel is either a conventional frequency pair (receive and transmit in MHz, with a tone or
NAC) or a trunked/digital talk group (its id); ``mode`` says which radio it takes. Frequencies
are stored as exact decimals with four places (12.5 kHz steps need three, 6.25 kHz four).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Function(models.TextChoices):
    COMMAND = "command", pgettext_lazy("radio function", "Command")
    TACTICAL = "tactical", pgettext_lazy("radio function", "Tactical")
    SUPPORT = "support", pgettext_lazy("radio function", "Support")
    FIRE = "fire", pgettext_lazy("radio function", "Fire and rescue")
    MEDICAL = "medical", pgettext_lazy("radio function", "Medical")
    TRAFFIC = "traffic", pgettext_lazy("radio function", "Traffic")
    AIR = "air", pgettext_lazy("radio function", "Air to ground")


class Mode(models.TextChoices):
    ANALOG = "A", _("Analog (FM)")
    DIGITAL = "D", _("Digital (DMR, P25, TETRA)")
    MIXED = "M", _("Mixed")


class Channel(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="channels")
    number = models.PositiveSmallIntegerField(_("channel number"))
    name = models.CharField(_("channel name or talk group"), max_length=60)
    function = models.CharField(_("function"), max_length=10, choices=Function.choices)
    zone_group = models.CharField(_("zone or group"), max_length=40, blank=True)
    rx_mhz = models.DecimalField(
        _("receive frequency (MHz)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    rx_tone = models.CharField(_("receive tone or NAC"), max_length=12, blank=True)
    tx_mhz = models.DecimalField(
        _("transmit frequency (MHz)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    tx_tone = models.CharField(_("transmit tone or NAC"), max_length=12, blank=True)
    talk_group = models.PositiveIntegerField(_("talk group id"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=1, choices=Mode.choices, default=Mode.ANALOG)
    remarks = models.CharField(_("remarks"), max_length=300, blank=True)
    units = models.ManyToManyField(
        "forces.Unit", blank=True, related_name="channels", verbose_name=_("units on it")
    )

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="channel_number_unique"),
            models.CheckConstraint(
                condition=Q(rx_mhz__isnull=False) | Q(talk_group__isnull=False),
                name="channel_has_frequency_or_talk_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"
