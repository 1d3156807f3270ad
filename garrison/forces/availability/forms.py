"""The unavailability form: it parses input into the services' data, nothing more."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.forces.availability import services
from garrison.forces.roster.forms import LOCAL


class UnavailabilityForm(forms.Form):
    starts_at = forms.DateTimeField(label=pgettext_lazy("time", "From"), widget=LOCAL)
    ends_at = forms.DateTimeField(label=_("Until"), widget=LOCAL)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def to_data(self) -> services.WindowData:
        d = self.cleaned_data
        return services.WindowData(d["starts_at"], d["ends_at"], d["reason"])
