"""The movement form: it parses input into the service's data, nothing more."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.events.models import Event, Site
from garrison.traffic.movements.services import MovementData


class MovementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    origin = forms.ModelChoiceField(label=_("From"), queryset=Site.objects.none())
    destination = forms.ModelChoiceField(label=_("To"), queryset=Site.objects.none())
    departs_at = forms.DateTimeField(
        label=_("Departure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In the event's time zone."),
    )
    vehicles = forms.IntegerField(label=_("Vehicles"), min_value=1, max_value=200, initial=1)
    escort = forms.CharField(
        label=_("Escort units"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, event: Event, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        sites = Site.objects.filter(event=event).order_by("kind", "name")
        for field in ("origin", "destination"):
            self.fields[field].queryset = sites  # type: ignore[attr-defined]

    def to_data(self) -> MovementData:
        data = self.cleaned_data
        return MovementData(
            name=data["name"],
            origin_id=data["origin"].pk,
            destination_id=data["destination"].pk,
            departs_at=data["departs_at"],
            vehicles=data["vehicles"],
            escort=data["escort"],
            notes=data["notes"],
        )
