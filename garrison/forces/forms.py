"""Forms of the forces screens: they parse input into the services' data classes, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.events.models import Site
from garrison.forces import services
from garrison.forces.access import visible_units
from garrison.forces.models import Qualification, UnitType


def _unit_choices(membership: Membership) -> list[tuple[str, str]]:
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
        self.fields["parent_id"].choices = none + _unit_choices(membership)  # type: ignore[attr-defined]
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


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    rank = forms.CharField(label=_("Rank"), max_length=80, required=False)
    unit_id = forms.TypedChoiceField(label=_("Home unit"), coerce=int)
    contact = forms.CharField(label=_("Contact"), max_length=120, required=False)
    qualification_ids = forms.TypedMultipleChoiceField(
        label=_("Qualifications"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    user_id = forms.TypedChoiceField(label=_("Login"), coerce=int, required=False, empty_value=None)

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit_id"].choices = _unit_choices(membership)  # type: ignore[attr-defined]
        qualifications = Qualification.objects.filter(event_id=membership.event_id)
        self.fields["qualification_ids"].choices = [  # type: ignore[attr-defined]
            (str(q.pk), q.name) for q in qualifications
        ]
        logins = Membership.objects.filter(event_id=membership.event_id).select_related("user")
        self.fields["user_id"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(m.user_id), f"{m.user.display_name()} ({m.user.username})") for m in logins
        ]

    def to_data(self) -> services.MemberData:
        d = self.cleaned_data
        return services.MemberData(
            full_name=d["full_name"],
            unit_id=d["unit_id"],
            rank=d["rank"],
            contact=d["contact"],
            qualification_ids=list(d["qualification_ids"]),
            user_id=d["user_id"],
        )


class QualificationForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=120)

    def to_data(self) -> services.QualificationData:
        return services.QualificationData(**self.cleaned_data)
