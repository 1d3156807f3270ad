"""Forms of the member and qualification screens: they parse input into the services' data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.forces.members import services
from garrison.forces.models import Qualification
from garrison.forces.units.forms import unit_choices


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
        self.fields["unit_id"].choices = unit_choices(membership)  # type: ignore[attr-defined]
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
