"""The desk's settings: tips open or closed, and the response-time targets."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.ops.roles import SETTINGS_EDITORS
from garrison.ops.settings import services as config
from garrison.ops.settings.forms import SettingsForm
from garrison.ops.tips import services as tips


@event_view(*SETTINGS_EDITORS)
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
