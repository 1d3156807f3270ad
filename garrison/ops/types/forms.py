"""The form of the editable list of incident types."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class IncidentTypeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=120)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=100)
    active = forms.BooleanField(label=_("Offered for new incidents"), required=False, initial=True)
