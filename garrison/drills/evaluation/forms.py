"""The evaluator's forms; services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.drills.evaluation.services import ObservationData
from garrison.drills.models import Drill, ObservationKind, Rating


class ObservationForm(forms.Form):
    text = forms.CharField(
        label=_("What you saw"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ObservationKind.choices, initial=ObservationKind.NOTE
    )
    objective = forms.TypedChoiceField(
        label=pgettext_lazy("drill", "Objective"), coerce=int, required=False, empty_value=None
    )
    minute = forms.FloatField(
        label=_("Minute of the drill"),
        required=False,
        min_value=0,
        help_text=_("Leave empty for now, on the drill's clock."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
    )

    def __init__(self, drill: Drill, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), f"{o.code} {o.text[:60]}") for o in drill.script.objectives.all()]
        self.fields["objective"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]

    def to_data(self) -> ObservationData:
        d = self.cleaned_data
        return ObservationData(d["text"], d["kind"], d["objective"], d["minute"])


class RatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    note = forms.CharField(label=_("Reason"), max_length=500, required=False)
