"""Screens for printing badges: one badge's PDF, issuing missing badges, and batches built in
the background (``services``) with their progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accreditation.access import access_badge_job_by_id, access_person_by_id
from garrison.accreditation.badges import pdf as badges
from garrison.accreditation.badges import services as badge_jobs
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.models import BadgeJob, Category, Person
from garrison.accreditation.roles import OFFICERS
from garrison.core.errors import DomainError
from garrison.core.services import queue


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # names and photos: personal data
    return response


def _layout(request: EventRequest) -> str:
    layout = request.GET.get("layout", "a6")
    return layout if layout in badges.LAYOUTS else "a6"


@event_view(*OFFICERS)
@require_GET
def badge_pdf(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    current = credentials.current_credential(person)
    if current is None:
        raise Http404
    current.person = person
    data = badges.render(request.event, [current], _layout(request))
    return _pdf(data, f"badge-{current.serial}-v{current.version}.pdf")


@event_view(*OFFICERS)
@require_GET
def badge_batch(request: EventRequest) -> HttpResponse:
    """The print page: choose a layout and a category, issue missing badges, recent batches."""
    categories = Category.objects.filter(event=request.event)
    badge_jobs.expire_stale(request.event)
    counts = {
        "people": Person.objects.filter(event=request.event).count(),
        "badges": len(badges.printable(request.event)),
    }
    jobs = BadgeJob.objects.filter(event=request.event).defer("pdf").select_related("category")
    return render(
        request,
        "accreditation/badges.html",
        {
            "categories": categories,
            "layouts": list(badges.LAYOUTS),
            "jobs": jobs[:5],
            **counts,
        },
    )


@event_view(*OFFICERS)
@require_POST
def badge_job_start(request: EventRequest) -> HttpResponse:
    """Queue the batch PDF; the officer then watches it build on the job's page."""
    category = request.POST.get("category", "")
    try:
        job = badge_jobs.start_job(
            request.membership,
            request.POST.get("layout", "a6"),
            int(category) if category.isdigit() else None,
        )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        running = badge_jobs.running_job(request.event)
        messages.error(request, str(error.message))
        if error.code == "already_running" and running is not None:
            return redirect("accreditation:badge_job", event=request.event.slug, pk=running.pk)
        return redirect("accreditation:badges", event=request.event.slug)
    return redirect("accreditation:badge_job", event=request.event.slug, pk=job.pk)


def _job(request: EventRequest, pk: int) -> BadgeJob:
    badge_jobs.expire_stale(request.event)
    return access_badge_job_by_id(request.user, request.event, pk)


def _progress(job: BadgeJob) -> dict[str, object]:
    # A batch waiting while no worker runs would wait unexplained: the page says why.
    no_worker = job.state == BadgeJob.State.QUEUED and not queue.workers_alive()
    return {"job": job, "no_worker": no_worker}


@event_view(*OFFICERS)
@require_GET
def badge_job(request: EventRequest, pk: int) -> HttpResponse:
    return render(request, "accreditation/badge_job.html", _progress(_job(request, pk)))


@event_view(*OFFICERS)
@require_GET
def badge_job_progress(request: EventRequest, pk: int) -> HttpResponse:
    """The progress fragment the job's page polls (htmx) while the batch builds."""
    response = render(
        request, "accreditation/badge_job_progress.html", _progress(_job(request, pk))
    )
    response["Cache-Control"] = "no-store"
    return response


@event_view(*OFFICERS)
@require_GET
def badge_job_pdf(request: EventRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.state != BadgeJob.State.DONE:
        return redirect("accreditation:badge_job", event=request.event.slug, pk=job.pk)
    data = BadgeJob.objects.values_list("pdf", flat=True).get(pk=job.pk) or b""
    response = _pdf(bytes(data), f"badges-{job.pk}-{job.layout}.pdf")
    response["Content-Disposition"] = f'attachment; filename="badges-{job.pk}-{job.layout}.pdf"'
    return response


@event_view(*OFFICERS)
@require_POST
def badge_issue_missing(request: EventRequest) -> HttpResponse:
    people = Person.objects.filter(event=request.event).select_related("category")
    issued = credentials.issue_missing(request.membership, people)
    messages.success(request, _("%(n)d badges have been issued.") % {"n": issued})
    return redirect("accreditation:badges", event=request.event.slug)
