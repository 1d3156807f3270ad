"""Screens of the risk register: the list with its heat map, one risk, editing, mitigation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form
from garrison.events.models import Site
from garrison.planning.models import FINISHED, Risk, TaskStatus
from garrison.planning.risks import queries, services
from garrison.planning.risks.forms import RiskForm
from garrison.planning.risks.models import level
from garrison.planning.roles import PLANNERS
from garrison.planning.tasks.forms import TaskForm

RISK_FORM = "planning/risk_form.html"


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@event_view()
@require_GET
def risk_list(request: EventRequest) -> HttpResponse:
    residual = request.GET.get("residual") == "1"
    register = queries.risks_of(request.event).select_related("site", "owner")
    site_id = _int(request.GET.get("site"))
    if site_id is not None:
        register = register.filter(site_id=site_id)
    grid = queries.heat_map(register, residual=residual)
    lk, im = ("residual_likelihood", "residual_impact") if residual else ("likelihood", "impact")
    cell = (_int(request.GET.get("l")), _int(request.GET.get("i")))
    if cell[0] is not None and cell[1] is not None:
        register = register.filter(**{lk: cell[0], im: cell[1]})
    if request.GET.get("unmitigated") == "1":
        register = register.filter(mitigations__isnull=True)
    rows = [(risk, level(risk.score), level(risk.residual_score)) for risk in register]
    return render(
        request,
        "planning/risk_list.html",
        {
            "rows": rows,
            "grid": grid,
            "residual": residual,
            "sites": Site.objects.filter(event=request.event),
            "site_id": site_id,
            "cell": cell,
            "unmitigated": Risk.objects.filter(
                event=request.event, mitigations__isnull=True
            ).count(),
            "can_plan": request.membership.role in PLANNERS,
        },
    )


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def risk_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if request.method != "POST":
        initial = {"site_id": _int(request.GET.get("site"))}
        return render_form(request, RISK_FORM, RiskForm(membership, initial=initial))
    form = RiskForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, RISK_FORM, form)
    try:
        risk = services.create_risk(membership, form.to_data())
    except DomainError as error:
        return render_form(request, RISK_FORM, form, error=error)
    messages.success(request, _("Risk “%(threat)s” has been added.") % {"threat": risk.threat})
    return redirect("planning:risk", event=request.event.slug, pk=risk.pk)


@event_view()
@require_GET
def risk_detail(request: EventRequest, pk: int) -> HttpResponse:
    risk = queries.access_risk_by_id(request.user, request.event, pk)
    tasks = risk.mitigations.select_related("unit", "owner")
    return render(
        request,
        "planning/risk_detail.html",
        {
            "risk": risk,
            "level": level(risk.score),
            "residual_level": level(risk.residual_score),
            "tasks": tasks,
            "finished": [str(s) for s in FINISHED],
            "can_plan": request.membership.role in PLANNERS,
        },
    )


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def risk_edit(request: EventRequest, pk: int) -> HttpResponse:
    risk = queries.access_risk_by_id(request.user, request.event, pk)
    membership = request.membership
    context = {"risk": risk}
    if request.method != "POST":
        form = RiskForm(membership, initial=services.risk_summary(risk))
        return render_form(request, RISK_FORM, form, context)
    form = RiskForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, RISK_FORM, form, context)
    try:
        services.update_risk(membership, risk, form.to_data())
    except DomainError as error:
        return render_form(request, RISK_FORM, form, context, error=error)
    messages.success(request, _("The risk has been saved."))
    return redirect("planning:risk", event=request.event.slug, pk=risk.pk)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def risk_delete(request: EventRequest, pk: int) -> HttpResponse:
    risk = queries.access_risk_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Delete the risk “%(threat)s”?") % {"threat": risk.threat}
        return confirm_delete(request, question, "planning:risks")
    services.delete_risk(request.membership, risk)
    messages.success(request, _("The risk has been deleted."))
    return redirect("planning:risks", event=request.event.slug)


@event_view(*PLANNERS)
@require_http_methods(["GET", "POST"])
def risk_task(request: EventRequest, pk: int) -> HttpResponse:
    """A new task that mitigates this risk: the task form, then the link, in one step."""
    risk = queries.access_risk_by_id(request.user, request.event, pk)
    membership = request.membership
    context = {"heading": _("New mitigation task for “%(threat)s”") % {"threat": risk.threat}}
    template = "planning/task_form.html"
    if request.method != "POST":
        initial = {"site_id": risk.site_id, "priority": "high", "title": risk.threat}
        return render_form(request, template, TaskForm(membership, initial=initial), context)
    form = TaskForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    status = TaskStatus.OPEN if request.POST.get("open") else TaskStatus.DRAFT
    try:
        task = services.create_mitigation_task(membership, risk, form.to_data(), status)
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    messages.success(request, _("Task “%(title)s” has been created.") % {"title": task.title})
    return redirect("planning:risk", event=request.event.slug, pk=risk.pk)
