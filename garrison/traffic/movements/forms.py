"""The movement form: it parses input into the service's data, nothing more.

Each end is an event site or a point picked on the map; the map (movement_form.js) writes the
picked point into a "lat, lon" field, which a person may also type or paste. Via points are one
per line: "lat, lon" then, optionally, a comma and what to call the place.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.events.models import Event, Site
from garrison.traffic.movements.services import MAX_VIA, MapPoint, MovementData


def parse_point(text: str, label: str = "") -> MapPoint:
    parts = [p.strip() for p in text.split(",", 2)]
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except (ValueError, IndexError):
        raise forms.ValidationError(
            _("Pick the point on the map (or type “latitude, longitude”)."), code="bad_point"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise forms.ValidationError(_("This is not a point on the map."), code="bad_point")
    name = parts[2] if len(parts) > 2 else label
    return MapPoint(lat, lon, name.strip()[:200])


class PointField(forms.CharField):
    def to_python(self, value: Any) -> MapPoint | None:  # type: ignore[override]
        text = super().to_python(value)
        return parse_point(text) if text else None


class ViaField(forms.CharField):
    def to_python(self, value: Any) -> list[MapPoint]:  # type: ignore[override]
        text = super().to_python(value) or ""
        points = [parse_point(line) for line in text.splitlines() if line.strip()]
        if len(points) > MAX_VIA:
            raise forms.ValidationError(
                _("At most %(n)d points on the way.") % {"n": MAX_VIA}, code="too_many"
            )
        return points


class MovementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    origin = forms.ModelChoiceField(
        label=pgettext_lazy("movement start", "From"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("— a point on the map —"),
    )
    origin_point = PointField(
        label=_("Start point on the map"),
        required=False,
        widget=forms.TextInput(attrs={"data-pick": "origin", "inputmode": "decimal"}),
    )
    origin_label = forms.CharField(
        label=_("Name of the start point"), required=False, max_length=200
    )
    via = ViaField(
        label=_("On the way"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-pick": "via"}),
        help_text=_("Points the convoy passes through, in order: pick them on the map."),
    )
    destination = forms.ModelChoiceField(
        label=pgettext_lazy("movement end", "To"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("— a point on the map —"),
    )
    destination_point = PointField(
        label=_("End point on the map"),
        required=False,
        widget=forms.TextInput(attrs={"data-pick": "destination", "inputmode": "decimal"}),
    )
    destination_label = forms.CharField(
        label=_("Name of the end point"), required=False, max_length=200
    )
    departs_at = forms.DateTimeField(
        label=_("Departure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the event's time zone, 24-hour clock."),
    )
    vehicles = forms.IntegerField(label=_("Vehicles"), min_value=1, max_value=200, initial=1)
    escort = forms.CharField(
        label=_("Escort units"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_outside_phases = forms.BooleanField(
        label=_("Yes, the departure is outside the event's phases"), required=False
    )

    def __init__(self, event: Event, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        sites = Site.objects.filter(event=event).order_by("kind", "name")
        for field in ("origin", "destination"):
            self.fields[field].queryset = sites  # type: ignore[attr-defined]
            # Empty is allowed only with a point on the map: the label says so, not "(optional)".
            setattr(self.fields[field], "label_note", _("a site, or a point on the map"))  # noqa: B010
        # Asked only once the service has found the departure outside the phases.
        self.asks_confirmation = bool(self.data.get("confirm_outside_phases"))
        if not self.asks_confirmation:
            self.fields["confirm_outside_phases"].widget = forms.HiddenInput()

    def ask_confirmation(self) -> None:
        self.asks_confirmation = True
        self.fields["confirm_outside_phases"].widget = forms.CheckboxInput()

    def to_data(self) -> MovementData:
        data = self.cleaned_data

        def point(name: str) -> MapPoint | None:
            found: MapPoint | None = data[f"{name}_point"]
            if found is None or data[name] is not None:
                return None
            label = (data[f"{name}_label"] or "").strip() or found.label
            return MapPoint(found.lat, found.lon, label)

        return MovementData(
            name=data["name"],
            origin_id=data["origin"].pk if data["origin"] else None,
            destination_id=data["destination"].pk if data["destination"] else None,
            origin_point=point("origin"),
            destination_point=point("destination"),
            via=data["via"],
            departs_at=data["departs_at"],
            vehicles=data["vehicles"],
            escort=data["escort"],
            notes=data["notes"],
            confirm_outside_phases=data["confirm_outside_phases"],
        )
