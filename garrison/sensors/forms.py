"""Forms of the sensors page: text into the services' data classes."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event, Zone
from garrison.sensors.models import (
    DEFAULT_DANGEROUS,
    DEFAULT_PLANNED,
    DEFAULT_UNSTABLE,
    DeviceKind,
    RoadSegment,
)
from garrison.sensors.services.devices import DeviceData, SegmentData


class DeviceForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Name the place it counts, not a person: “Camera, main gate”."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=DeviceKind.choices)
    # "zone:12" or "segment:3": one list, since a device counts exactly one of them.
    target = forms.ChoiceField(label=_("Counts"))

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows for mypy
        zones = [(f"zone:{z.pk}", f"{z.code} {z.name}") for z in Zone.objects.filter(event=event)]
        segments = [(f"segment:{s.pk}", s.name) for s in RoadSegment.objects.filter(event=event)]
        field.choices = [
            (str(_("People in a zone")), zones),
            (str(_("Vehicles on a road segment")), segments),
        ]

    def to_data(self) -> DeviceData:
        kind, _sep, pk = str(self.cleaned_data["target"]).partition(":")
        data = DeviceData(name=self.cleaned_data["name"], kind=self.cleaned_data["kind"])
        if kind == "zone":
            data.zone_id = int(pk)
        else:
            data.segment_id = int(pk)
        return data


class ThresholdsForm(forms.Form):
    planned = forms.FloatField(
        label=_("Planned (persons/m²)"), min_value=0.1, max_value=10, initial=DEFAULT_PLANNED
    )
    unstable = forms.FloatField(
        label=_("Unstable (persons/m²)"), min_value=0.1, max_value=10, initial=DEFAULT_UNSTABLE
    )
    dangerous = forms.FloatField(
        label=_("Dangerous (persons/m²)"), min_value=0.1, max_value=10, initial=DEFAULT_DANGEROUS
    )


class ResetForm(forms.Form):
    value = forms.IntegerField(label=_("People inside now"), min_value=0, initial=0)


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    capacity_per_hour = forms.IntegerField(
        label=_("Capacity (vehicles per hour)"), min_value=1, max_value=100_000
    )
    line = forms.CharField(
        label=_("Line (GeoJSON)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A GeoJSON LineString, or its coordinates: [[longitude, latitude], …]."),
    )

    def clean_line(self) -> Any:
        try:
            return json.loads(self.cleaned_data["line"])
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc

    def to_data(self) -> SegmentData:
        return SegmentData(**self.cleaned_data)
