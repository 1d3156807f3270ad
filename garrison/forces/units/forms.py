"""The unit form: it parses input into the services' data class, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.events.models import Site
from garrison.forces.access import visible_units
from garrison.forces.models import UnitType
from garrison.forces.units import services


def unit_choices(membership: Membership) -> list[tuple[str, str]]:
    return [
        (str(u.pk), f"{'— ' * u.depth}{u.code} {u.name}")
        for u in visible_units(membership).only("pk", "code", "name", "path")
    ]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=32)
    type = forms.ChoiceField(label=_("Type"), choices=UnitType.choices)
    parent_id = forms.TypedChoiceField(
        label=_("Parent unit"), coerce=int, required=False, empty_value=None
    )
    base_site_id = forms.TypedChoiceField(
        label=_("Base site"), coerce=int, required=False, empty_value=None
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        none = [("", _("(none: top of the tree)"))]
        self.fields["parent_id"].choices = none + unit_choices(membership)  # type: ignore[attr-defined]
        sites = Site.objects.filter(event_id=membership.event_id)
        self.fields["base_site_id"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(s.pk), s.name) for s in sites
        ]

    def to_data(self) -> services.UnitData:
        d = self.cleaned_data
        return services.UnitData(
            name=d["name"],
            code=d["code"],
            type=d["type"],
            parent_id=d["parent_id"],
            base_site_id=d["base_site_id"],
            lat=d["lat"],
            lon=d["lon"],
        )
