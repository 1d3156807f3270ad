"""The minimum level's form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.readiness import refs
from garrison.readiness.catalogue.forms import type_choices


class RequirementForm(forms.Form):
    place = forms.ChoiceField(label=_("Place"))
    type_id = forms.TypedChoiceField(label=_("Type"), coerce=int)
    quantity = forms.IntegerField(label=_("Minimum quantity"), initial=1)

    def __init__(self, event_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = refs.choices(event_id, store=False)  # type: ignore[attr-defined]
        self.fields["type_id"].choices = type_choices(event_id)  # type: ignore[attr-defined]
