"""Screens for people: list, details, photo, and per-person changes of rights."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.accreditation.access import access_person_by_id
from garrison.accreditation.badges.pdf import LAYOUTS
from garrison.accreditation.credentials.services import current_credential
from garrison.accreditation.models import Category, Person
from garrison.accreditation.people import services as people
from garrison.accreditation.people.forms import PersonForm, PersonGrantForm, PhotoForm
from garrison.accreditation.people.names import search_people
from garrison.accreditation.roles import OFFICERS
from garrison.core.errors import DomainError
from garrison.core.pages import confirm_delete, render_form

PERSON_FORM = "accreditation/person_form.html"


@event_view(*OFFICERS)
@require_GET
def person_list(request: EventRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")
    rows = Person.objects.filter(event=request.event).select_related("category").defer("photo")
    if query:
        rows = search_people(rows, query)
    if category.isdigit():
        rows = rows.filter(category_id=int(category))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    total = rows.count()
    return render(
        request,
        "accreditation/person_list.html",
        {
            "page": page,
            "query": query,
            "category": category,
            "categories": Category.objects.filter(event=request.event),
            "total": total,
            # "No match" for a search that finds nobody; "nobody yet" only for an empty event.
            "anyone": bool(total) or Person.objects.filter(event=request.event).exists(),
            "layouts": list(LAYOUTS),
        },
    )


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def person_create(request: EventRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, event=request.event)
    if request.method != "POST" or not form.is_valid():
        return render_form(request, PERSON_FORM, form)
    try:
        person = people.create_person(request.membership, form.to_data())
    except DomainError as error:
        return render_form(request, PERSON_FORM, form, error=error)
    messages.success(request, _("%(name)s has been accredited.") % {"name": person.full_name})
    return redirect("accreditation:person_edit", event=request.event.slug, pk=person.pk)


def _person_context(request: EventRequest, person: Person) -> dict[str, object]:
    return {
        "person": person,
        "photo_form": PhotoForm(),
        "grant_form": PersonGrantForm(event=request.event),
        "changes": person.grants.select_related("zone").order_by("zone__code"),
        "credential": current_credential(person),
    }


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def person_edit(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    context = _person_context(request, person)
    if request.method != "POST":
        initial = people.person_details(person)
        return render_form(
            request, PERSON_FORM, PersonForm(initial=initial, event=request.event), context
        )
    form = PersonForm(request.POST, event=request.event)
    if not form.is_valid():
        return render_form(request, PERSON_FORM, form, context)
    try:
        person = people.update_person(request.membership, person, form.to_data())
    except DomainError as error:
        return render_form(request, PERSON_FORM, form, context, error=error)
    messages.success(request, _("%(name)s has been saved.") % {"name": person.full_name})
    return redirect("accreditation:person_edit", event=request.event.slug, pk=person.pk)


@event_view(*OFFICERS)
@require_http_methods(["GET", "POST"])
def person_delete(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    if request.method != "POST":
        question = _("Withdraw the accreditation of %(name)s?") % {"name": person.full_name}
        return confirm_delete(request, question, "accreditation:people")
    people.delete_person(request.membership, person)
    messages.success(request, _("%(name)s has been withdrawn.") % {"name": person.full_name})
    return redirect("accreditation:people", event=request.event.slug)


@event_view(*OFFICERS)
@require_POST
def person_photo_upload(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            people.set_photo(request.membership, person, upload.read(), upload.name or "")
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form.add_error("photo", str(error.message))
    if form.errors:
        context = _person_context(request, person)
        context["photo_form"] = form
        initial = people.person_details(person)
        response = render(
            request,
            PERSON_FORM,
            {"form": PersonForm(initial=initial, event=request.event), **context},
            status=400,
        )
        return response
    messages.success(request, _("The photo has been saved."))
    return redirect("accreditation:person_edit", event=request.event.slug, pk=person.pk)


@event_view(*OFFICERS)
@require_GET
def person_photo(request: EventRequest, pk: int) -> HttpResponse:
    """The stored (re-encoded) JPEG; never cached, because it is personal data."""
    person = access_person_by_id(request.user, request.event, pk)
    if not person.photo:
        raise Http404
    response = HttpResponse(bytes(person.photo), content_type="image/jpeg")
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@event_view(*OFFICERS)
@require_POST
def person_grant(request: EventRequest, pk: int) -> HttpResponse:
    person = access_person_by_id(request.user, request.event, pk)
    form = PersonGrantForm(request.POST, event=request.event)
    if form.is_valid():
        try:
            people.set_person_grant(
                request.membership,
                person,
                form.cleaned_data["zone_id"],
                form.cleaned_data["kind"] or None,
                form.to_window(),
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The change of rights has been saved."))
    else:
        messages.error(request, _("Check the change of rights: a field is missing or wrong."))
    return redirect("accreditation:person_edit", event=request.event.slug, pk=person.pk)
