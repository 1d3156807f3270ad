"""Forms of the operations screens: they turn text into the services' data classes, nothing more."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event, Site, Zone
from garrison.ops.incidents.lifecycle import ALLOWED
from garrison.ops.incidents.services import DESCRIPTION_MAX, IncidentData, Location
from garrison.ops.models import IncidentType, Severity, Source, Status


def _type_choices(event: Event) -> list[tuple[Any, str]]:
    return [("", "—")] + [
        (kind.pk, kind.label) for kind in IncidentType.objects.filter(event=event, active=True)
    ]


def _point_widget(attr: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": "any", attr: ""})


class LocationFields(forms.Form):
    lat = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=_point_widget("data-lat"),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=_point_widget("data-lon"),
    )
    site = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False, empty_value=None)
    location_text = forms.CharField(label=_("Where (in words)"), max_length=300, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["site"]).choices = [("", "—")] + [
            (s.pk, s.name) for s in Site.objects.filter(event=event).order_by("name")
        ]
        cast(forms.TypedChoiceField, self.fields["zone"]).choices = [("", "—")] + [
            (z.pk, f"{z.code} {z.name}") for z in Zone.objects.filter(event=event).order_by("code")
        ]

    def location(self) -> Location:
        d = self.cleaned_data
        return Location(
            lat=d["lat"],
            lon=d["lon"],
            site_id=d["site"],
            zone_id=d["zone"],
            text=d["location_text"],
        )


class IncidentForm(LocationFields):
    field_order = ["type", "severity", "source", "description"]
    type = forms.TypedChoiceField(label=_("Type"), coerce=int)
    severity = forms.TypedChoiceField(
        label=_("Severity"), coerce=int, choices=Severity.choices, initial=Severity.MEDIUM
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[c for c in Source.choices if c[0] != Source.PUBLIC_TIP],
        initial=Source.STAFF,
    )
    description = forms.CharField(
        label=_("What happened"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, event=event, **kwargs)
        cast(forms.TypedChoiceField, self.fields["type"]).choices = _type_choices(event)

    def to_data(self) -> IncidentData:
        d = self.cleaned_data
        return IncidentData(
            type_id=d["type"],
            severity=d["severity"],
            description=d["description"],
            source=d["source"],
            location=self.location(),
        )


class TriageForm(forms.Form):
    type = forms.TypedChoiceField(label=_("Type"), coerce=int)
    severity = forms.TypedChoiceField(label=_("Severity"), coerce=int, choices=Severity.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["type"]).choices = _type_choices(event)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


def next_statuses(current: str) -> list[tuple[str, str]]:
    """The moves offered as buttons; dispatch and merge have their own screens."""
    return [
        (value, str(label))
        for value, label in Status.choices
        if value in ALLOWED.get(current, frozenset())
        and value not in (Status.DISPATCHED, Status.DUPLICATE)
    ]
