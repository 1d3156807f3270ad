"""The event's retention policy: every member reads when its personal data goes; the commander
sets it (``services.set_retention``) and exports the event's archive (``services.archive``)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from garrison.accounts.decorators import EventRequest, event_view
from garrison.audit.services import Actor
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.events import services
from garrison.events.forms import RetentionForm
from garrison.events.retention import KINDS, kinds_of, policy_for
from garrison.events.roles import ARCHIVE_EXPORTERS, RETENTION_EDITORS
from garrison.events.services import archive, purge


@event_view()
@require_GET
def retention_view(request: EventRequest) -> HttpResponse:
    policy = policy_for(request.event)
    run = purge.last_run(request.event)
    labels = {kind.key: kind.label for kind in KINDS}
    purged = []
    if run is not None:
        purged = [
            (labels.get(kind, kind), sum(steps.values()))
            for kind, steps in purge.by_kind(run.counts, run.policy.get("kinds", [])).items()
        ]
    # A dry run on the page: what the purge would remove if it ran now (counts only).
    pending = [
        (labels.get(kind, kind), sum(steps.values()))
        for kind, steps in purge.pending_counts(request.event, policy.kinds).items()
    ]
    return render(
        request,
        "events/retention.html",
        {
            "event": request.event,
            "policy": policy,
            "is_default": policy._state.adding,
            "kinds": kinds_of(policy),
            "can_edit": request.membership.role in RETENTION_EDITORS,
            "run": run,
            "purged": purged,
            "pending": pending,
            "archive": _archive_offer(request),
            "forgotten": purge.forgotten_purge(request.event),
        },
    )


def _archive_offer(request: EventRequest) -> dict[str, bool] | None:
    """What the page offers to export: None when this member may not export the archive."""
    membership = request.membership
    own = membership.inherited_from_id is None
    role = membership.role if own else membership.read_role
    if role not in ARCHIVE_EXPORTERS:
        return None
    purged = archive.purge_of(request.event) is not None
    if not own and not purged:
        return None
    return {"purged": purged, "with_personal": own}


@event_view(*ARCHIVE_EXPORTERS)
@require_http_methods(["GET", "POST"])
def archive_download(request: EventRequest) -> HttpResponse:
    """The archive's zip, streamed. Personal data only by the page's form (a POST, so that no
    link or cross-site request can ask for it), when its box is ticked."""
    with_personal = request.method == "POST" and request.POST.get("personal") == "1"
    archive.authorise(request.membership, with_personal=with_personal)
    archive.log_export(Actor.of_user(request.user), request.event, with_personal=with_personal)
    response = StreamingHttpResponse(
        archive.stream(request.event, with_personal=with_personal), content_type="application/zip"
    )
    name = archive.file_name(request.event, with_personal=with_personal)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    # The decorators are typed for ordinary responses; Django serves a streaming one alike.
    return cast(HttpResponse, response)


@event_view(*RETENTION_EDITORS)
@require_http_methods(["GET", "POST"])
def retention_edit(request: EventRequest) -> HttpResponse:
    template = "events/retention_form.html"
    context = {"event": request.event}
    if request.method != "POST":
        policy = policy_for(request.event)
        form = RetentionForm(initial={"purge_on": policy.purge_on, "kinds": policy.kinds})
        return render_form(request, template, form, context)
    form = RetentionForm(request.POST)
    if not form.is_valid():
        return render_form(request, template, form, context)
    try:
        services.set_retention(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    messages.success(request, _("The retention policy has been saved."))
    return redirect("events:retention", event=request.event.slug)
