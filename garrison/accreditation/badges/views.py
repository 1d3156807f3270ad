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
from garrison.accreditation.badges import selection as choice
from garrison.accreditation.badges import services as badge_jobs
from garrison.accreditation.credentials import services as credentials
from garrison.accreditation.models import BadgeJob, Category, Credential, ImportBatch, Person
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
        "unprinted": Credential.objects.filter(
            event=request.event, revoked_at__isnull=True, person__isnull=False, printed_at=None
        ).count(),
    }
    imports = ImportBatch.objects.filter(
        event=request.event, status=ImportBatch.Status.IMPORTED
    ).order_by("-created", "-pk")
    jobs = BadgeJob.objects.filter(event=request.event).defer("pdf").select_related("category")
    return render(
        request,
        "accreditation/badges.html",
        {
            "categories": categories,
            "layouts": list(badges.LAYOUTS),
            "jobs": jobs[:5],
            "imports": imports[:20],
            "chosen_import": request.GET.get("import", ""),
            **counts,
        },
    )


@event_view(*OFFICERS)
@require_POST
def badge_job_start(request: EventRequest) -> HttpResponse:
    """Queue the batch PDF; the officer then watches it build on the job's page.

    What to print: a category, the people ticked on the list (``person``), one import, only
    badges not printed yet, only people with a photo; ``issue`` first issues a badge to each
    chosen person who has none (the print of a fresh import).
    """
    selection = _selection(request)
    if request.POST.get("scope") == "selected" and not selection.person_ids:
        messages.error(request, _("Select at least one person."))
        return redirect("accreditation:people", event=request.event.slug)
    try:
        if request.POST.get("issue"):
            chosen = choice.people(request.event, badge_jobs.checked(request.membership, selection))
            credentials.issue_missing(request.membership, chosen.select_related("category"))
        job = badge_jobs.start_job(
            request.membership, request.POST.get("layout", "a6"), selection=selection
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


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


def _selection(request: EventRequest) -> choice.Selection:
    picked = (_number(text) for text in request.POST.getlist("person"))
    return choice.Selection(
        category_id=_number(request.POST.get("category")),
        person_ids=tuple(dict.fromkeys(pk for pk in picked if pk is not None)),
        import_batch_id=_number(request.POST.get("import")),
        unprinted=bool(request.POST.get("unprinted")),
        require_photo=bool(request.POST.get("require_photo")),
    )


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
    job = _job(request, pk)
    context = {**_progress(job), "skipped": choice.skipped_rows(request.event, job.skipped)}
    return render(request, "accreditation/badge_job.html", context)


@event_view(*OFFICERS)
@require_GET
def badge_job_progress(request: EventRequest, pk: int) -> HttpResponse:
    """The progress fragment the job's page polls (htmx) while the batch builds."""
    job = _job(request, pk)
    context = {**_progress(job), "skipped": choice.skipped_rows(request.event, job.skipped)}
    response = render(request, "accreditation/badge_job_progress.html", context)
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
