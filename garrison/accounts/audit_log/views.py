"""The audit log pages for commanders: the event's entries, one entry, and a chain check."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.audit_log import reading
from garrison.accounts.audit_log.access import access_entry_by_id, entries_of_event
from garrison.accounts.audit_log.forms import EntryFilterForm
from garrison.accounts.decorators import event_view
from garrison.accounts.roles import AUDIT_READERS
from garrison.audit.models import Entry
from garrison.audit.verify import verify_chain
from garrison.core import personal
from garrison.core.logging import security_log

if TYPE_CHECKING:
    from garrison.events.models import Event

PAGE_SIZE = 50


def _pretty(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def object_links(entries: Iterable[Entry], event: Event) -> dict[int, str]:
    """Entry id → the page of the person the entry names by pseudonym ("person #12").

    The log names people by id only (garrison.audit.services); the reader follows the link to
    see who it was, for as long as the person is still there: only rows of this event that
    exist are linked (one query per kind of row). Audit readers are commanders, who may open
    those pages; each page checks that again.
    """
    wanted: dict[tuple[personal.Declaration, str], dict[int, list[int]]] = {}
    for entry in entries:
        declaration = personal.declaration_for(entry.object_type)
        if declaration is None or declaration.url is None or not entry.object_id.isdigit():
            continue
        rows = wanted.setdefault((declaration, declaration.url), {})
        rows.setdefault(int(entry.object_id), []).append(entry.pk)
    links: dict[int, str] = {}
    for (declaration, url_name), by_row in wanted.items():
        existing = declaration.model._default_manager.filter(pk__in=by_row, event_id=event.pk)
        for pk in existing.values_list("pk", flat=True):
            url = reverse(url_name, kwargs={"event": event.slug, "pk": pk})
            links.update(dict.fromkeys(by_row[pk], url))
    return links


@event_view(*AUDIT_READERS)
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    entries = entries_of_event(request.user, event)  # type: ignore[arg-type]
    # Only the form's own keys bind it: "?page=2" alone is not a filter.
    bound = any(key in request.GET for key in EntryFilterForm.base_fields)
    form = EntryFilterForm(request.GET if bound else None, event)
    if form.is_bound:
        if form.is_valid():
            entries = form.apply(entries, event.tzinfo)
        else:
            messages.error(
                request, _("Some filters are not valid, so none were applied. See below.")
            )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    links = object_links(shown, event)
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "rows": reading.rows(shown, event, links),
            "filtering": form.is_bound and form.is_filtering(),
        },
    )


@event_view(*AUDIT_READERS)
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    event = request.event  # type: ignore[attr-defined]
    entry = access_entry_by_id(request.user, event, entry_id)  # type: ignore[arg-type]
    links = object_links([entry], event)
    return render(
        request,
        "audit/detail.html",
        {
            "entry": entry,
            "row": reading.rows([entry], event, links)[0],
            "object_url": links.get(entry.pk),
            "before_json": _pretty(entry.before) if entry.before is not None else "",
            "after_json": _pretty(entry.after) if entry.after is not None else "",
            "changes": reading.changes(entry.before, entry.after, entry.object_type),
            "intact": entry.content_matches_hash(),
        },
    )


@event_view(*AUDIT_READERS)
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """Check the whole chain now. A read: nothing is written, so a repeated POST is harmless."""
    event = request.event  # type: ignore[attr-defined]
    entries_of_event(request.user, event)  # type: ignore[arg-type]  # the access check
    result = verify_chain()
    problem_entry: Entry | None = None
    if result.problem is None:
        security_log.info(
            "audit chain verified user=%s entries=%s head=%s",
            request.user.pk,
            result.count,
            result.head_prefix,
        )
    else:
        security_log.error(
            "audit chain broken user=%s kind=%s seq=%s id=%s",
            request.user.pk,
            result.problem.kind,
            result.problem.seq,
            result.problem.entry_id,
        )
        # Link to the entry only when it is this event's: others' entries stay unseen.
        if result.problem.entry_id is not None:
            problem_entry = Entry.objects.filter(
                pk=result.problem.entry_id, event_id=event.pk
            ).first()
    return render(
        request,
        "audit/verify.html",
        {
            "result": result,
            "problem_text": result.problem.describe() if result.problem else "",
            "problem_entry": problem_entry,
        },
    )
