"""The two steps every file import shares: upload a file for a preview, then confirm or discard it.

Platform code: it knows no app. Each app keeps its preview in a batch row of its own (the good
rows and the bad rows named, nothing imported yet) and shows it on its own page; what it passes
here is only what differs: its form and template, its service calls, its messages and where each
outcome goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from garrison.core.errors import DomainError
from garrison.core.pages import EventScopedRequest, render_form


class UploadForm(forms.Form):
    """The upload step's form: one table file, read by ``garrison.core.tables.read_table``."""

    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


class _Batch(Protocol):
    @property
    def pk(self) -> Any: ...


def upload_step(
    request: EventScopedRequest,
    form: forms.Form,
    template: str,
    context: dict[str, Any],
    *,
    preview: Callable[[str, bytes], _Batch],
    preview_url: str,
    max_bytes: int | None = None,
    too_large: str = "",
) -> HttpResponse:
    """The upload form; a valid file becomes a preview batch and the browser goes to its page.

    ``preview`` reads the file (name, content) into a batch; ``preview_url`` is the URL name of
    the batch's page (kwargs event and pk). With ``max_bytes`` a bigger file is refused with
    ``too_large`` before it is read into memory at all.
    """
    if request.method != "POST" or not form.is_valid():
        return render_form(request, template, form, context)
    upload = form.cleaned_data["file"]
    if max_bytes is not None and upload.size > max_bytes:
        form.add_error("file", too_large)
        return render_form(request, template, form, context)
    try:
        batch = preview(upload.name or "", upload.read())
    except DomainError as error:
        return render_form(request, template, form, context, error=error)
    return redirect(preview_url, event=request.event.slug, pk=batch.pk)


def decide_step(
    request: HttpRequest,
    *,
    confirm: Callable[[], int],
    discard: Callable[[], None],
    imported: str,
    confirmed_url: str,
    discarded_url: str,
    failed_url: str | None = None,
) -> HttpResponse:
    """The preview's buttons: action "confirm" imports the batch, any other discards it.

    ``confirm`` returns how many it imported, which fills ``imported`` ("%(n)d … imported.").
    A refusal (the batch already decided, a row no longer valid) is shown as a message on
    ``failed_url``; without one it goes up to the caller, which shows it on the preview itself.
    A 403 or 404 always goes up, to the middleware.
    """
    try:
        if request.POST.get("action") == "confirm":
            count = confirm()
            messages.success(request, imported % {"n": count})
            return redirect(confirmed_url)
        discard()
    except DomainError as error:
        if error.status in (403, 404) or failed_url is None:
            raise
        messages.error(request, str(error.message))
        return redirect(failed_url)
    return redirect(discarded_url)
