"""The evaluator's page (made for a phone): timed observations and the objectives' ratings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.drills import access
from garrison.drills.evaluation import services
from garrison.drills.evaluation.forms import ObservationForm, RatingForm
from garrison.drills.models import Drill, DrillState, ObjectiveRating, Observation, Rating
from garrison.drills.roles import EVALUATORS
from garrison.drills.running.services import drill_seconds


def _page(
    request: EventRequest,
    drill: Drill,
    form: ObservationForm | None = None,
    *,
    error: DomainError | None = None,
) -> HttpResponse:
    ratings = {r.objective_id: r for r in ObjectiveRating.objects.filter(drill=drill)}
    objectives = [(o, ratings.get(o.pk)) for o in drill.script.objectives.all()]
    context: dict[str, Any] = {
        "drill": drill,
        "has_run": drill.state != DrillState.READY,
        "form": form or ObservationForm(drill),
        "objectives": objectives,
        "ratings": Rating.choices,
        "observations": Observation.objects.filter(drill=drill)
        .select_related("objective")
        .order_by("-at", "-pk")[:200],
        "clock_minutes": drill_seconds(drill) / 60,
        "error": error,
    }
    status = error.status if error is not None else (400 if form and form.errors else 200)
    return render(request, "drills/evaluate.html", context, status=status)


@event_view(*EVALUATORS)
@require_GET
def evaluate(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    return _page(request, drill)


@event_view(*EVALUATORS)
@require_POST
def observation_add(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    form = ObservationForm(drill, request.POST)
    if not form.is_valid():
        return _page(request, drill, form)
    try:
        services.record_observation(request.membership, drill, form.to_data())
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _page(request, drill, form, error=error)
    messages.success(request, _("Observation recorded."))
    return redirect("drills:evaluate", event=request.event.slug, pk=drill.pk)


@event_view(*EVALUATORS)
@require_POST
def objective_rate(request: EventRequest, pk: int, objective_id: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        error = DomainError("invalid_rating", _("Rate with P, S, M or U."), field="rating")
        return _page(request, drill, error=error)
    try:
        services.rate_objective(
            request.membership,
            drill,
            objective_id,
            form.cleaned_data["rating"],
            form.cleaned_data["note"],
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        return _page(request, drill, error=error)
    messages.success(request, _("Rating saved."))
    return redirect("drills:evaluate", event=request.event.slug, pk=drill.pk)
