"""The after-action report and improvement plan: the page, its PDF, and corrective actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import add_domain_error
from garrison.drills import access
from garrison.drills.aar import after_action
from garrison.drills.improvement import services
from garrison.drills.improvement.forms import CorrectiveActionForm
from garrison.drills.models import Drill
from garrison.drills.report import INTERVALS
from garrison.drills.roles import EVALUATORS, IMPROVEMENT_PLANNERS, READERS

LANGUAGES = ("vi", "en")


def _report(
    request: EventRequest,
    drill: Drill,
    form: CorrectiveActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    aar = after_action(drill)
    can_plan = request.membership.role in IMPROVEMENT_PLANNERS and drill.started_at is not None
    context: dict[str, Any] = {
        "drill": drill,
        "aar": aar,
        "report": aar.report,
        "intervals": [
            (label, aar.figures[key], (aar.previous_figures or {}).get(key))
            for key, _s, _e, label in INTERVALS
        ],
        "steps": ["triaged", "dispatched", "on_scene", "resolved"],
        "can_plan": can_plan,
        "can_evaluate": request.membership.role in EVALUATORS and drill.started_at is not None,
        "form": form or (CorrectiveActionForm(drill) if can_plan else None),
    }
    if status == 200 and form is not None and form.errors:
        status = 400
    return render(request, "drills/report.html", context, status=status)


@event_view(*READERS)
@require_GET
def drill_report(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    return _report(request, drill)


@event_view(*IMPROVEMENT_PLANNERS)
@require_POST
def corrective_action_add(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    form = CorrectiveActionForm(drill, request.POST)
    if not form.is_valid():
        return _report(request, drill, form)
    try:
        services.add_corrective_action(request.membership, drill, form.to_data())
    except DomainError as error:
        if error.status in (403, 404):
            raise
        # Planning names its fields by id (owner_id); the form by what they are (owner).
        field = {"owner_id": "owner", "unit_id": "unit"}.get(error.field or "", error.field)
        add_domain_error(form, DomainError(error.code, error.message, field=field))
        return _report(request, drill, form, status=error.status)
    messages.success(request, _("The corrective action is a task of the plan now."))
    return redirect("drills:report", event=request.event.slug, pk=drill.pk)


@event_view(*READERS)
@require_GET
def report_pdf(request: EventRequest, pk: int) -> HttpResponse:
    drill = access.access_drill_by_id(request.user, request.event, pk)
    wanted = request.GET.get("lang") or translation.get_language() or "vi"
    language = wanted if wanted in LANGUAGES else "vi"
    # The PDF maker (fpdf and its fonts) is imported when a report is printed, not with the views.
    from garrison.drills.report_pdf import build_pdf

    data = build_pdf(after_action(drill), language, timezone.now())
    response = HttpResponse(data, content_type="application/pdf")
    name = f"after-action-report-{drill.pk}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
