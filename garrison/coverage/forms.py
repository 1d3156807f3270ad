"""The placement study form: model, teams, target, backup, demand, locked positions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.coverage.models import DemandSource, PlacementModel
from garrison.coverage.services import MAX_TEAMS
from garrison.events.models import Event, Site


class PlacementForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    model = forms.ChoiceField(
        label=_("Model"), choices=PlacementModel.choices, initial=PlacementModel.MAX_COVER
    )
    teams = forms.IntegerField(
        label=_("Teams"),
        min_value=1,
        max_value=MAX_TEAMS,
        required=False,
        initial=3,
        help_text=_("Not needed for set covering: it finds the least number."),
    )
    target_minutes = forms.IntegerField(
        label=_("Travel-time target (minutes)"), min_value=1, max_value=120, initial=5
    )
    demand_source = forms.ChoiceField(
        label=_("Demand"), choices=DemandSource.choices, initial=DemandSource.ZONES
    )
    backup = forms.BooleanField(
        label=_("Backup coverage: then reach as much demand as possible with a second team"),
        required=False,
    )
    locked = forms.ModelMultipleChoiceField(
        label=_("Positions already held"),
        queryset=Site.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, event: Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locked"].queryset = Site.objects.filter(event=event)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("model") != PlacementModel.SET_COVER and not data.get("teams"):
            self.add_error("teams", _("Say how many teams to place."))
        return data

    def to_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "model": data["model"],
            "teams": data.get("teams"),
            "target_s": data["target_minutes"] * 60,
            "backup": bool(data.get("backup")),
            "demand_source": data["demand_source"],
            "locked": [str(site.pk) for site in data.get("locked") or []],
        }
