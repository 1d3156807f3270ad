"""Forms of the patrol screens: text into the services' data classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event, Site, Zone
from garrison.forces.models import Unit
from garrison.patrols.models import Point, Tour
from garrison.patrols.services.layout import PointData, TourData


def _choices(queryset: Any) -> list[tuple[Any, str]]:
    return [("", "—"), *((item.pk, str(item)) for item in queryset)]


class PointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    radius_m = forms.IntegerField(label=_("Radius (m)"), min_value=5, max_value=1000, initial=50)
    site_id = forms.TypedChoiceField(label=_("Site"), coerce=int, required=False, empty_value=None)
    zone_id = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False, empty_value=None)
    risk = forms.IntegerField(
        label=_("Risk (1–5)"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("Riskier points come first more often in randomised rounds."),
    )
    instructions = forms.CharField(
        label=_("Instructions"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = self.fields["site_id"]
        zone = self.fields["zone_id"]
        assert isinstance(site, forms.TypedChoiceField)  # noqa: S101 - narrows for mypy
        assert isinstance(zone, forms.TypedChoiceField)  # noqa: S101
        site.choices = _choices(Site.objects.filter(event=event).order_by("name"))
        zone.choices = _choices(Zone.objects.filter(event=event).order_by("code"))

    def to_data(self) -> PointData:
        return PointData(**self.cleaned_data)


class TourForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    point_ids = forms.TypedMultipleChoiceField(
        label=_("Patrol points, in order"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    ordered = forms.BooleanField(
        label=_("Walk the points in this order"), required=False, initial=True
    )
    schedule = forms.ChoiceField(label=_("Schedule"), choices=Tour.Schedule.choices)
    every_minutes = forms.IntegerField(
        label=_("Minutes between rounds"), min_value=5, max_value=1440, initial=60
    )
    times = forms.CharField(
        label=_("Times (HH:MM, comma-separated)"),
        required=False,
        max_length=400,
        help_text=_("For a schedule at fixed times, e.g. 06:00, 14:00, 22:00."),
    )
    day_start = forms.TimeField(label=_("Rounds from"), required=False)
    day_end = forms.TimeField(label=_("Rounds until"), required=False)
    walk_minutes = forms.IntegerField(label=_("Walking time (minutes)"), min_value=1, initial=30)
    grace_minutes = forms.IntegerField(label=_("Grace (minutes)"), min_value=0, initial=10)
    unit_id = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        points = self.fields["point_ids"]
        unit = self.fields["unit_id"]
        assert isinstance(points, forms.TypedMultipleChoiceField)  # noqa: S101
        assert isinstance(unit, forms.TypedChoiceField)  # noqa: S101
        points.choices = [
            (p.pk, f"{p.name} ({p.serial})") for p in Point.objects.filter(event=event)
        ]
        unit.choices = _choices(Unit.objects.filter(event=event).order_by("name"))

    def to_data(self) -> TourData:
        data = dict(self.cleaned_data)
        data["times"] = [
            t for t in (data.get("times") or "").replace(";", ",").split(",") if t.strip()
        ]
        return TourData(**data)
