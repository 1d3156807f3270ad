"""Forms of the events screens: they parse input into the services' data classes, nothing more.

The rules (dates in order, polygons valid, zones inside sites) live in ``services`` and
``geo``; a form only turns text into typed values so the service can judge them.
"""

from __future__ import annotations

import json
import zoneinfo
from functools import cache
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events import retention, services
from garrison.events.models import AccessLevel, Event, PhaseKind, Site, SiteKind

# Far more than MAX_VERTICES positions need; stops a pasted file from being parsed at all.
MAX_GEOJSON_CHARS = 200_000


@cache
def _time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class GeoJSONField(forms.CharField):
    """A textarea of GeoJSON text, parsed into a dict.

    Shape is judged by ``geo.check_polygon`` in the service, which gives the precise reason;
    here only "is it JSON at all". A FeatureCollection of exactly one feature is unwrapped
    because that is what drawing tools export when one draws a single polygon.
    """

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_GEOJSON_CHARS)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"rows": 6, "spellcheck": "false", "class": "geojson", "data-geojson": ""}
        )

    def to_python(self, value: Any) -> dict[str, Any] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(
                _("This is not valid JSON: %(reason)s"), params={"reason": str(exc)[:120]}
            ) from exc
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Paste a GeoJSON object (a Polygon or a Feature)."))
        if data.get("type") == "FeatureCollection":
            features = data.get("features")
            if not isinstance(features, list) or len(features) != 1:
                raise forms.ValidationError(
                    _("A FeatureCollection here must hold exactly one feature.")
                )
            data = features[0]
            if not isinstance(data, dict):
                raise forms.ValidationError(_("Paste a GeoJSON object (a Polygon or a Feature)."))
        return data

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return json.dumps(value)
        return value


class EventForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_time_zone_choices)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea
    )

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        return services.event_summary(event)

    def to_data(self) -> services.EventData:
        d = self.cleaned_data
        return services.EventData(
            name=d["name"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            time_zone=d["time_zone"],
            description=d["description"],
        )


class RetentionForm(forms.Form):
    purge_on = forms.DateField(
        label=_("Purge date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Personal data of the kinds ticked below is removed on this day."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("What is purged"),
        required=False,
        choices=[(kind.key, kind.label) for kind in retention.KINDS],
        widget=forms.CheckboxSelectMultiple,
    )

    def to_data(self) -> services.RetentionData:
        d = self.cleaned_data
        return services.RetentionData(purge_on=d["purge_on"], kinds=list(d["kinds"]))


class _LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active zone, the event's."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class PhaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PhaseKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=_LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends"), widget=_LocalDateTimeInput())

    def to_data(self) -> services.PhaseData:
        d = self.cleaned_data
        return services.PhaseData(
            kind=d["kind"], name=d["name"], starts_at=d["starts_at"], ends_at=d["ends_at"]
        )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SiteKind.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "data-lat": ""}),
    )
    lon = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "data-lon": ""}),
    )
    polygon = GeoJSONField(
        label=_("Outline (GeoJSON Polygon)"),
        required=False,
        help_text=_("Optional. Paste GeoJSON, or draw it on the map."),
    )

    def to_data(self) -> services.SiteData:
        d = self.cleaned_data
        return services.SiteData(
            name=d["name"],
            kind=d["kind"],
            lat=d["lat"],
            lon=d["lon"],
            address=d["address"],
            polygon=d["polygon"],
        )


class ZoneForm(forms.Form):
    # Named like ZoneData's field so a service error on "site_id" lands on this field.
    site_id = forms.TypedChoiceField(label=_("Site"), coerce=int)
    code = forms.CharField(label=_("Code"), max_length=16)
    name = forms.CharField(label=_("Name"), max_length=200)
    access_level = forms.ChoiceField(label=_("Access level"), choices=AccessLevel.choices)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=0)
    polygon = GeoJSONField(
        label=_("Outline (GeoJSON Polygon)"),
        help_text=_("Paste GeoJSON, or draw it on the map. It must lie inside the site's outline."),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["site_id"])
        field.choices = [("", "—")] + [
            (site.pk, f"{site.name} ({site.get_kind_display()})")
            for site in Site.objects.filter(event=event).order_by("name")
        ]

    def to_data(self) -> services.ZoneData:
        d = self.cleaned_data
        return services.ZoneData(
            site_id=d["site_id"],
            code=d["code"],
            name=d["name"],
            polygon=d["polygon"],
            access_level=d["access_level"],
            capacity=d["capacity"],
        )
