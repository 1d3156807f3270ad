"""The inventory's forms: an item, and the four things done to one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.accounts.models import Membership
from garrison.forces.models import Unit
from garrison.readiness import refs
from garrison.readiness.catalogue.forms import type_choices
from garrison.readiness.models import Condition, ResourceStatus
from garrison.readiness.resources.services import ResourceData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResourceForm(forms.Form):
    type_id = forms.TypedChoiceField(label=_("Type"), coerce=int)
    identifier = forms.CharField(
        label=_("Identifier (serial number)"),
        max_length=60,
        required=False,
        help_text=_("For an item counted one by one; leave empty for a quantity."),
    )
    quantity = forms.IntegerField(label=_("Quantity"), initial=1)
    owner_unit_id = forms.TypedChoiceField(label=_("Owner unit"), coerce=int)
    place = forms.ChoiceField(label=_("Place"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ResourceStatus.choices)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices)
    inspection_due = forms.DateField(label=_("Inspection due"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Expires"), required=False, widget=DATE)
    purchased_on = forms.DateField(label=_("Purchased"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)

    def __init__(
        self, membership: Membership, *args: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        event_id = membership.event_id
        self.fields["type_id"].choices = type_choices(event_id)  # type: ignore[attr-defined]
        units = Unit.objects.filter(event_id=event_id).values_list("pk", "code", "name")
        self.fields["owner_unit_id"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((pk, f"{code} {name}") for pk, code, name in units),
        ]
        if editing:
            # Where an item is changes by assigning or returning it, each in its history.
            del self.fields["place"]
        else:
            self.fields["place"].choices = refs.choices(event_id)  # type: ignore[attr-defined]

    def to_data(self) -> ResourceData:
        data = self.cleaned_data
        return ResourceData(
            type_id=data["type_id"],
            owner_unit_id=data["owner_unit_id"],
            identifier=data["identifier"],
            quantity=data["quantity"],
            place=data.get("place") or "",
            status=data["status"],
            condition=data["condition"],
            inspection_due=data["inspection_due"],
            expires_on=data["expires_on"],
            purchased_on=data["purchased_on"],
            notes=data["notes"],
        )


class AssignForm(forms.Form):
    place = forms.ChoiceField(label=_("Place"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, event_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = refs.choices(event_id, store=False)  # type: ignore[attr-defined]


class CheckForm(forms.Form):
    condition = forms.ChoiceField(label=_("Condition found"), choices=Condition.choices)
    next_inspection = forms.DateField(label=_("Next inspection due"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RepairForm(forms.Form):
    status = forms.ChoiceField(label=_("Status now"), choices=ResourceStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
