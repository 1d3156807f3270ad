"""The safety message's form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from garrison.readiness.ics_models import SafetyMessage
from garrison.readiness.safety.services import SafetyData


class LocalDateTimeInput(forms.DateTimeInput):
    """A browser date-time picker; values are read in the active zone, the event's."""

    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class SafetyForm(forms.Form):
    period_starts = forms.DateTimeField(
        label=_("Operational period from"), widget=LocalDateTimeInput()
    )
    period_ends = forms.DateTimeField(label=_("Operational period to"), widget=LocalDateTimeInput())
    message = forms.CharField(
        label=_("Safety message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 10})
    )
    site_safety_plan = forms.BooleanField(label=_("Site safety plan required"), required=False)
    site_safety_plan_at = forms.CharField(
        label=_("Where the site safety plan is kept"), max_length=200, required=False
    )

    @staticmethod
    def initial_for(message: SafetyMessage) -> dict[str, object]:
        return {
            "period_starts": message.period_starts,
            "period_ends": message.period_ends,
            "message": message.message,
            "site_safety_plan": message.site_safety_plan,
            "site_safety_plan_at": message.site_safety_plan_at,
        }

    def to_data(self) -> SafetyData:
        return SafetyData(**self.cleaned_data)
