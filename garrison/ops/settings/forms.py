"""The form of the desk's settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy


class SettingsForm(forms.Form):
    tips_open = forms.BooleanField(
        label=gettext_lazy("Accept tips from the public"), required=False
    )
    call_processing_seconds = forms.IntegerField(
        label=gettext_lazy("Call processing target (seconds)"),
        min_value=1,
        max_value=3600,
        help_text=gettext_lazy("Received → first unit dispatched. NFPA 1225 (2022): 60 s."),
    )
    call_processing_percent = forms.IntegerField(
        label=gettext_lazy("Share of incidents that must meet it (%)"),
        min_value=1,
        max_value=100,
        help_text=gettext_lazy("NFPA 1225 (2022): 90 %."),
    )
    turnout_seconds = forms.IntegerField(
        label=gettext_lazy("Turnout target (seconds)"),
        min_value=1,
        max_value=3600,
        help_text=gettext_lazy("Dispatched → en route. NFPA 1710: 60 s (medical), 80 s (fire)."),
    )
    travel_seconds = forms.IntegerField(
        label=gettext_lazy("Travel target (seconds)"),
        min_value=1,
        max_value=3600,
        help_text=gettext_lazy("En route → on scene. NFPA 1710: 240 s."),
    )
