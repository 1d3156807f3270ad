"""The desk's settings: tips open or closed, and the response-time targets."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import COMMANDERS, EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.ops import config, tips


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


@event_view(*COMMANDERS)
@require_http_methods(["GET", "POST"])
def ops_settings(request: EventRequest) -> HttpResponse:
    template = "ops/settings.html"
    if request.method != "POST":
        initial = config.settings_summary(tips.settings_for(request.event))
        return render_form(request, template, SettingsForm(initial=initial))
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form)
    try:
        config.update_settings(request.membership, config.SettingsData(**form.cleaned_data))
    except DomainError as error:
        return render_form(request, template, form, error=error)
    messages.success(request, _("Settings saved."))
    return redirect("ops:settings", event=request.event.slug)
