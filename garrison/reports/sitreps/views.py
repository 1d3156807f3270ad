"""Screens of the situation reports: the list with the schedule and the notes for the next
report, publishing one on demand, and a published report as a printable page and as its PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.reports.roles import SITREP_AUTHORS
from garrison.reports.sitreps import services
from garrison.reports.sitreps.models import Sitrep
from garrison.reports.sitreps.present import tables


class ScheduleForm(forms.Form):
    times = forms.CharField(
        label=gettext_lazy("Set times (24-hour clock, event's time zone)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For example: 06:00, 12:00, 18:00, 22:00"),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notable events for the next report"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _page(
    request: EventRequest, form: ScheduleForm | None = None, status: int = 200
) -> HttpResponse:
    schedule = services.schedule_for(request.event)
    initial = {"times": ", ".join(schedule.times), "notes": schedule.notes}
    return render(
        request,
        "reports/sitreps.html",
        {
            "form": form or ScheduleForm(initial=initial),
            "schedule": schedule,
            "sitreps": Sitrep.objects.filter(event=request.event).defer("pdf")[:100],
            "can_write": request.membership.role in SITREP_AUTHORS,
        },
        status=status,
    )


@event_view()
@require_GET
def sitreps(request: EventRequest) -> HttpResponse:
    return _page(request)


@event_view(*SITREP_AUTHORS)
@require_POST
def schedule(request: EventRequest) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _page(request, form, 400)
    try:
        services.save_schedule(
            request.membership, form.cleaned_data["times"], form.cleaned_data["notes"]
        )
    except DomainError as error:
        form.add_error("times" if error.field == "times" else None, str(error.message))
        return _page(request, form, 400)
    messages.success(request, _("The schedule and the notes have been saved."))
    return redirect("reports:sitreps", event=request.event.slug)


@event_view(*SITREP_AUTHORS)
@require_POST
def publish(request: EventRequest) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _page(request, form, 400)
    try:
        sitrep = services.publish_sitrep(
            request.membership, request.event, notable=form.cleaned_data["notes"],
            language=request.LANGUAGE_CODE[:2],
        )  # fmt: skip
    except DomainError as error:
        messages.error(request, str(error.message))
        return _page(request, form, error.status)
    messages.success(
        request, _("Situation report no. %(n)s has been published.") % {"n": sitrep.number}
    )
    return redirect("reports:sitrep", event=request.event.slug, pk=sitrep.pk)


def _sitrep(request: EventRequest, pk: int) -> Sitrep:
    found = Sitrep.objects.filter(pk=pk, event=request.event).select_related("event").first()
    if found is None:
        raise Http404
    return found


@event_view()
@require_GET
def sitrep(request: EventRequest, pk: int) -> HttpResponse:
    """The report as published, laid out for the screen and for printing."""
    found = _sitrep(request, pk)
    return render(
        request, "reports/sitrep.html", {"sitrep": found, "tables": tables(found.content)}
    )


@event_view()
@require_GET
def sitrep_pdf(request: EventRequest, pk: int) -> HttpResponse:
    found = _sitrep(request, pk)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sitrep-{found.number}.pdf"'
    return response
