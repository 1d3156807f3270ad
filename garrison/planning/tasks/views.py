"""Screens of the plan: task views, one task, editing, status, comments and progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError, Forbidden
from garrison.core.pages import render_form
from garrison.events.models import Phase, Site
from garrison.forces.access import in_scope
from garrison.planning.access import access_task_by_id
from garrison.planning.models import FINISHED, Task, TaskStatus
from garrison.planning.roles import PLANNERS, UNIT_PLANNERS
from garrison.planning.tasks import queries, services
from garrison.planning.tasks.forms import CommentForm, StatusForm, TaskForm

TASK_FORM = "planning/task_form.html"


def can_plan(request: EventRequest, task: Task | None = None) -> bool:
    membership = request.membership
    if membership.role in PLANNERS:
        return True
    if membership.role not in UNIT_PLANNERS or membership.unit_id is None:
        return False
    return task is None or (task.unit_id is not None and in_scope(membership, task.unit_id))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@event_view()
@require_GET
def task_list(request: EventRequest) -> HttpResponse:
    view = request.GET.get("view", "all")
    view = view if view in queries.VIEWS else "all"
    tasks = queries.task_view(request.membership, view).select_related(
        "owner", "unit", "phase", "site"
    )
    filters = {
        "phase_id": _int(request.GET.get("phase")),
        "site_id": _int(request.GET.get("site")),
        "unit_id": _int(request.GET.get("unit")),
    }
    tasks = tasks.filter(**{k: v for k, v in filters.items() if v is not None})
    status = request.GET.get("status", "")
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    group = request.GET.get("group", "")
    if group in ("phase", "site"):
        tasks = tasks.order_by(f"{group}__name", "deadline", "pk")
    page = Paginator(tasks, 100).get_page(request.GET.get("page"))
    now = timezone.now()
    return render(
        request,
        "planning/task_list.html",
        {
            "page": page,
            "view": view,
            "views": [
                ("all", _("All tasks")),
                ("mine", _("My tasks")),
                ("unit", _("My unit's tasks")),
                ("overdue", _("Overdue")),
                ("due_soon", _("Due soon")),
            ],
            "group": group,
            "phases": Phase.objects.filter(event=request.event),
            "sites": Site.objects.filter(event=request.event),
            "statuses": TaskStatus.choices,
            "selected": {k: str(v or "") for k, v in filters.items()} | {"status": status},
            "now": now,
            "soon": now + queries.DUE_SOON,
            "finished": [str(s) for s in FINISHED],
            "can_plan": can_plan(request),
        },
    )


@event_view(*UNIT_PLANNERS)
@require_http_methods(["GET", "POST"])
def task_create(request: EventRequest) -> HttpResponse:
    membership = request.membership
    if not can_plan(request):
        raise Forbidden(_("Your role in this event does not allow this."))
    if request.method != "POST":
        return render_form(request, TASK_FORM, TaskForm(membership))
    form = TaskForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, TASK_FORM, form)
    status = TaskStatus.OPEN if request.POST.get("open") else TaskStatus.DRAFT
    try:
        task = services.create_task(membership, form.to_data(), status=status)
    except DomainError as error:
        return render_form(request, TASK_FORM, form, error=error)
    messages.success(request, _("Task “%(title)s” has been created.") % {"title": task.title})
    return redirect("planning:task", event=request.event.slug, pk=task.pk)


@event_view()
@require_GET
def task_detail(request: EventRequest, pk: int) -> HttpResponse:
    task = access_task_by_id(request.user, request.event, pk)
    is_owner = task.owner_id == request.user.pk
    next_statuses = [
        (value, TaskStatus(value).label)
        for value in TaskStatus.values
        if value in services.TRANSITIONS[task.status]
        and (value != TaskStatus.VERIFIED or request.membership.role in PLANNERS)
    ]
    return render(
        request,
        "planning/task_detail.html",
        {
            "task": task,
            "missing": [services.clear_label(name) for name in task.missing_clears()],
            "warnings": services.dependency_warnings(task),
            "depends_on": task.depends_on.all(),
            "dependents": task.dependents.all(),
            "comments": task.comments.select_related("author"),
            "can_edit": can_plan(request, task),
            "can_move": is_owner or can_plan(request, task),
            "next_statuses": next_statuses,
            "comment_form": CommentForm(),
            "overdue": task.deadline is not None
            and task.deadline < timezone.now()
            and task.status not in FINISHED,
        },
    )


@event_view(*UNIT_PLANNERS)
@require_http_methods(["GET", "POST"])
def task_edit(request: EventRequest, pk: int) -> HttpResponse:
    task = access_task_by_id(request.user, request.event, pk)
    membership = request.membership
    if not can_plan(request, task):
        raise Forbidden(_("Your role in this event does not allow this."))
    context = {"task": task}
    if request.method != "POST":
        form = TaskForm(membership, initial=services.task_summary(task))
        return render_form(request, TASK_FORM, form, context)
    form = TaskForm(membership, request.POST)
    if not form.is_valid():
        return render_form(request, TASK_FORM, form, context)
    try:
        task = services.update_task(membership, task, form.to_data())
    except DomainError as error:
        return render_form(request, TASK_FORM, form, context, error=error)
    messages.success(request, _("Task “%(title)s” has been saved.") % {"title": task.title})
    return redirect("planning:task", event=request.event.slug, pk=task.pk)


@event_view()
@require_POST
def task_status(request: EventRequest, pk: int) -> HttpResponse:
    task = access_task_by_id(request.user, request.event, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("planning:task", event=request.event.slug, pk=task.pk)
    try:
        services.change_status(
            request.membership, task, form.cleaned_data["status"], form.cleaned_data["note"]
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, str(error.message))
        return redirect("planning:task", event=request.event.slug, pk=task.pk)
    messages.success(request, _("The status has been changed."))
    return redirect("planning:task", event=request.event.slug, pk=task.pk)


@event_view()
@require_POST
def task_comment(request: EventRequest, pk: int) -> HttpResponse:
    task = access_task_by_id(request.user, request.event, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(request.membership, task, form.cleaned_data["body"])
        except DomainError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("planning:task", event=request.event.slug, pk=task.pk)


@event_view()
@require_GET
def progress(request: EventRequest) -> HttpResponse:
    membership = request.membership
    tasks = queries.task_view(membership, "all")
    by_unit = queries.progress(membership, "unit")
    by_phase = queries.progress(membership, "phase")
    return render(
        request,
        "planning/progress.html",
        {
            "by_unit": by_unit,
            "by_unit_html": queries.progress_rows_html(by_unit),
            "by_phase": by_phase,
            "by_phase_html": queries.progress_rows_html(by_phase),
            "overdue_count": queries.overdue(tasks).count(),
            "due_soon_count": queries.due_soon(tasks).count(),
        },
    )
