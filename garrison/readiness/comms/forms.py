"""The channel form of the communications plan."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.forces.models import Unit
from garrison.readiness.comms.models import Channel, Function, Mode
from garrison.readiness.comms.services import ChannelData


class ChannelForm(forms.Form):
    number = forms.IntegerField(label=_("Channel number"))
    name = forms.CharField(label=_("Channel name or talk group"), max_length=60)
    function = forms.ChoiceField(label=_("Function"), choices=Function.choices)
    zone_group = forms.CharField(label=_("Zone or group"), max_length=40, required=False)
    # Text, not numbers: the service reads "150,25" as typed and names a wrong format clearly.
    rx_mhz = forms.CharField(label=_("Receive frequency (MHz)"), max_length=12, required=False)
    rx_tone = forms.CharField(label=_("Receive tone or NAC"), max_length=12, required=False)
    tx_mhz = forms.CharField(
        label=_("Transmit frequency (MHz)"),
        max_length=12,
        required=False,
        help_text=_("Empty: the same as the receive frequency (simplex)."),
    )
    tx_tone = forms.CharField(label=_("Transmit tone or NAC"), max_length=12, required=False)
    talk_group = forms.CharField(label=_("Talk group id"), max_length=12, required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    unit_ids = forms.TypedMultipleChoiceField(
        label=_("Units on it"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    remarks = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    def __init__(self, event_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(event_id=event_id).values_list("pk", "code", "name")
        self.fields["unit_ids"].choices = [  # type: ignore[attr-defined]
            (pk, f"{code} {name}") for pk, code, name in units
        ]

    @staticmethod
    def initial_for(channel: Channel) -> dict[str, Any]:
        return {
            "number": channel.number,
            "name": channel.name,
            "function": channel.function,
            "zone_group": channel.zone_group,
            "rx_mhz": channel.rx_mhz or "",
            "rx_tone": channel.rx_tone,
            "tx_mhz": channel.tx_mhz or "",
            "tx_tone": channel.tx_tone,
            "talk_group": channel.talk_group or "",
            "mode": channel.mode,
            "unit_ids": [unit.pk for unit in channel.units.all()],
            "remarks": channel.remarks,
        }

    def to_data(self) -> ChannelData:
        return ChannelData(**self.cleaned_data)
