"""The action plan's screens: the period's plan (objectives, blockers, versions), publishing on
the task queue with its progress, and a published version's PDF."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.services import queue
from garrison.reports import services
from garrison.reports.changes import compare
from garrison.reports.models import ActionPlan, Language, PublishedPlan
from garrison.reports.publishing import services as publishing
from garrison.reports.roles import PUBLISHERS, WRITERS


class ObjectivesForm(forms.Form):
    objectives = forms.CharField(
        label=gettext_lazy("Objectives (ICS 202)"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class PublishForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)


def _job_context(plan: ActionPlan) -> dict[str, object]:
    job = publishing.latest_job(plan)
    # A job waiting while no worker runs would wait unexplained: the page says why.
    no_worker = job is not None and job.state == job.State.QUEUED and not queue.workers_alive()
    return {"job": job, "no_worker": no_worker}


def _page(
    request: EventRequest, status: int = 200, form: ObjectivesForm | None = None
) -> HttpResponse:
    plan = services.plan_for(request.event)
    role = request.membership.role
    return render(
        request,
        "reports/plan.html",
        {
            "plan": plan,
            "form": form or ObjectivesForm(initial={"objectives": plan.objectives}),
            "publish_form": PublishForm(initial={"language": request.LANGUAGE_CODE[:2]}),
            "blockers": services.blockers(plan),
            **_job_context(plan),
            "versions": plan.versions.select_related("published_by").defer("pdf"),
            "can_write": role in WRITERS,
            "can_publish": role in PUBLISHERS,
        },
        status=status,
    )


@event_view()
@require_GET
def plan(request: EventRequest) -> HttpResponse:
    return _page(request)


@event_view(*WRITERS)
@require_POST
def objectives(request: EventRequest) -> HttpResponse:
    form = ObjectivesForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, form)
    plan = services.plan_for(request.event)
    services.save_objectives(request.membership, plan, form.cleaned_data["objectives"])
    messages.success(request, _("The objectives have been saved."))
    return redirect("reports:plan", event=request.event.slug)


@event_view(*PUBLISHERS)
@require_POST
def publish(request: EventRequest) -> HttpResponse:
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _page(request, 400)
    plan = services.plan_for(request.event)
    try:
        publishing.start_publish(request.membership, plan, form.cleaned_data["language"])
    except DomainError as error:
        messages.error(request, str(error.message))
        return _page(request, error.status)
    messages.success(request, _("The plan is being published: its progress is shown below."))
    return redirect("reports:plan", event=request.event.slug)


@event_view()
@require_GET
def publish_job(request: EventRequest) -> HttpResponse:
    """The publication's progress: the plan page polls this while the job is active."""
    plan = services.plan_for(request.event)
    return render(request, "reports/_publish_job.html", _job_context(plan))


@event_view()
@require_GET
def published_pdf(request: EventRequest, pk: int) -> HttpResponse:
    found = PublishedPlan.objects.filter(pk=pk, event=request.event).first()
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    name = f"action-plan-{found.plan.period_starts:%Y%m%d}-v{found.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def previous_version(found: PublishedPlan) -> PublishedPlan | None:
    """The version of the same event published just before ``found``."""
    earlier = Q(published_at__lt=found.published_at) | Q(
        published_at=found.published_at, pk__lt=found.pk
    )
    return (
        PublishedPlan.objects.filter(earlier, event_id=found.event_id)
        .select_related("plan")
        .defer("pdf")
        .order_by("-published_at", "-pk")
        .first()
    )


@event_view()
@require_GET
def version_changes(request: EventRequest, pk: int) -> HttpResponse:
    """What changed in a published version since the previous one, per section."""
    found = (
        PublishedPlan.objects.filter(pk=pk, event=request.event)
        .select_related("plan")
        .defer("pdf")
        .first()
    )
    if found is None:
        raise Http404
    previous = previous_version(found)
    sections = None
    if previous is not None and found.snapshot is not None and previous.snapshot is not None:
        sections = compare(previous.snapshot, found.snapshot)
    return render(
        request,
        "reports/changes.html",
        {"version": found, "previous": previous, "sections": sections},
    )
