"""Forms of the check-in screens: text into the services' data classes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.checkin.checkpoints.services import CheckpointData
from garrison.checkin.models import Direction
from garrison.events.models import Event, Zone


class CheckpointForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    zone_id = forms.TypedChoiceField(label=_("Zone"), coerce=int)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["zone_id"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - narrows for mypy
        field.choices = [(z.pk, str(z)) for z in Zone.objects.filter(event=event).order_by("code")]

    def to_data(self) -> CheckpointData:
        return CheckpointData(**self.cleaned_data)


class EnrolmentForm(forms.Form):
    name = forms.CharField(label=_("Device name"), max_length=120)
