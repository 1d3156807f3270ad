"""Public notices: drafted and published by planners; the public page and feeds need no login.

The public page of an event answers 404 until the event has published a notice, so an address
guessed from a slug does not tell whether an event exists. Notice text is autoescaped in the
page, escaped by the Atom generator and carried as plain text in the JSON feed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from garrison.accounts.decorators import EventRequest, event_view
from garrison.core.errors import DomainError
from garrison.core.pages import render_form
from garrison.events.basemap import views as basemap_views
from garrison.events.models import Event
from garrison.events.views_geo import tile_config
from garrison.traffic.access import access_notice_by_id
from garrison.traffic.closures.timeline import window_label
from garrison.traffic.closures.views import closures_map_data
from garrison.traffic.models import OSM_ATTRIBUTION, Notice, NoticeStatus
from garrison.traffic.notices.forms import NoticeForm
from garrison.traffic.notices.services import draft_notice, publish_notice, withdraw_notice
from garrison.traffic.roles import PLANNERS
from garrison.traffic.routing import roadlayer


@event_view()
@require_GET
def notice_list(request: EventRequest) -> HttpResponse:
    return _list(request, NoticeForm(request.event))


def _list(
    request: EventRequest, form: NoticeForm, error: DomainError | None = None
) -> HttpResponse:
    return render_form(
        request,
        "traffic/notices.html",
        form,
        {
            "notices": Notice.objects.filter(event=request.event).prefetch_related("closures"),
            "can_plan": request.membership.role in PLANNERS,
        },
        error=error,
    )


@event_view(*PLANNERS)
@require_POST
def notice_create(request: EventRequest) -> HttpResponse:
    form = NoticeForm(request.event, request.POST)
    if not form.is_valid():
        return _list(request, form)
    data = form.cleaned_data
    try:
        draft_notice(
            request.membership,
            title=data["title"],
            title_en=data["title_en"],
            body=data["body"],
            body_en=data["body_en"],
            closure_ids=[c.pk for c in data["closures"]],
        )
    except DomainError as error:
        return _list(request, form, error)
    messages.success(request, _("The notice has been saved as a draft."))
    return redirect("traffic:notices", event=request.event.slug)


@event_view(*PLANNERS)
@require_POST
def notice_publish(request: EventRequest, pk: int) -> HttpResponse:
    notice = access_notice_by_id(request.user, request.event, pk)
    publish_notice(request.membership, notice)
    messages.success(request, _("The notice is published."))
    return redirect("traffic:notices", event=request.event.slug)


@event_view(*PLANNERS)
@require_POST
def notice_withdraw(request: EventRequest, pk: int) -> HttpResponse:
    notice = access_notice_by_id(request.user, request.event, pk)
    withdraw_notice(request.membership, notice)
    messages.success(request, _("The notice has been withdrawn."))
    return redirect("traffic:notices", event=request.event.slug)


# --- Public ---------------------------------------------------------------------------------


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """``/notices/``: the events with published notices, or straight to the only one."""
    events = list(
        Event.objects.filter(notices__status=NoticeStatus.PUBLISHED)
        .distinct()
        .order_by("-starts_on", "name")
    )
    if len(events) == 1:
        return redirect("notices:public", event=events[0].slug)
    return render(request, "traffic/public_index.html", {"public_events": events})


def _public_event(slug: str) -> tuple[Event, list[Notice]]:
    event = get_object_or_404(Event, slug=slug)
    if not Notice.objects.filter(event=event, published_at__isnull=False).exists():
        raise Http404
    published = list(Notice.objects.filter(event=event, status=NoticeStatus.PUBLISHED))
    return event, published


def _localised(notice: Notice) -> tuple[str, str]:
    """Title and text in the visitor's language (Vietnamese when there is no English)."""
    if translation.get_language() == "en" and notice.title_en:
        return notice.title_en, notice.body_en or notice.body
    return notice.title, notice.body


def _closures(notice: Notice, tz: dt.tzinfo) -> list[dict[str, Any]]:
    return [
        {
            **c,
            "starts_at": dt.datetime.fromisoformat(c["starts_at"]).astimezone(tz),
            "ends_at": dt.datetime.fromisoformat(c["ends_at"]).astimezone(tz),
        }
        for c in notice.content.get("closures", [])
    ]


def _public_notice(notice: Notice, tz: dt.tzinfo) -> dict[str, Any]:
    title, body = _localised(notice)
    return {"notice": notice, "title": title, "body": body, "closures": _closures(notice, tz)}


@require_GET
def public_notices(request: HttpRequest, event: str) -> HttpResponse:
    found, published = _public_event(event)
    tz = found.tzinfo
    items = [_public_notice(n, tz) for n in published]
    closures = [c for item in items for c in item["closures"]]
    # No member decorator here to switch to the event's time zone: the page's times are its own.
    with timezone.override(tz):
        return render(
            request,
            "traffic/public_notices.html",
            {
                "public_event": found,
                "items": items,
                "map_data": closures_map_data(closures, found.time_zone),
                "map_tiles": tile_config(found, url_name="notices:tiles"),
                "osm_attribution": OSM_ATTRIBUTION,
            },
        )


def _entry_text(item: dict[str, Any]) -> str:
    lines = [item["body"], ""] if item["body"] else []
    for c in item["closures"]:
        window = window_label(c["starts_at"], c["ends_at"], c["starts_at"].tzinfo)
        lines.append(f"{c['street']}: {window}")
        for d in c["detours"]:
            if d.get("found"):
                lines.append("  → " + " → ".join(d["streets"]))
    return "\n".join(lines)


@require_GET
def public_feed_json(request: HttpRequest, event: str) -> HttpResponse:
    """JSON Feed 1.1 (jsonfeed.org): text only, no HTML, so a reader cannot be fed markup."""
    found, published = _public_event(event)
    page = request.build_absolute_uri(reverse("notices:public", kwargs={"event": found.slug}))
    items = []
    for notice in published:
        item = _public_notice(notice, found.tzinfo)
        items.append(
            {
                "id": f"{page}#notice-{notice.pk}",
                "url": f"{page}#notice-{notice.pk}",
                "title": item["title"],
                "content_text": _entry_text(item),
                "date_published": notice.published_at.isoformat() if notice.published_at else None,
                "_closures": [
                    {
                        "street": c["street"],
                        "starts_at": c["starts_at"].isoformat(),
                        "ends_at": c["ends_at"].isoformat(),
                        "detours": [d["streets"] for d in c["detours"] if d.get("found")],
                    }
                    for c in item["closures"]
                ],
            }
        )
    return JsonResponse(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": _("Road closures: %(event)s") % {"event": found.name},
            "home_page_url": page,
            "feed_url": request.build_absolute_uri(),
            "language": translation.get_language(),
            "items": items,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def public_feed_atom(request: HttpRequest, event: str) -> HttpResponse:
    found, published = _public_event(event)
    page = request.build_absolute_uri(reverse("notices:public", kwargs={"event": found.slug}))
    feed = Atom1Feed(
        title=_("Road closures: %(event)s") % {"event": found.name},
        link=page,
        description="",
        language=translation.get_language(),
        feed_url=request.build_absolute_uri(),
    )
    for notice in published:
        item = _public_notice(notice, found.tzinfo)
        feed.add_item(
            title=item["title"],
            link=f"{page}#notice-{notice.pk}",
            # Atom summaries are typed "html": escape the text so a reader shows it, never runs it.
            description=linebreaksbr(escape(_entry_text(item))),
            unique_id=f"{page}#notice-{notice.pk}",
            pubdate=notice.published_at,
            updateddate=notice.updated,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_GET
def public_roads(request: HttpRequest, event: str) -> HttpResponse:
    """The road layer under the public map: only for an event that has published a notice."""
    found, _published = _public_event(event)
    return roadlayer.response(request, found, public=True)


@require_GET
def public_tiles(request: HttpRequest, event: str, z: int, x: int, y: int) -> HttpResponse:
    """The base map under the public map: only for an event that has published a notice."""
    found, _published = _public_event(event)
    return basemap_views.tile_response(request, found, z, x, y, public=True)


@require_GET
def public_notice_pdf(request: HttpRequest, event: str, pk: int) -> HttpResponse:
    """One published notice, printable, in the visitor's language."""
    found, published = _public_event(event)
    notice = next((n for n in published if n.pk == pk), None)
    if notice is None:
        raise Http404
    item = _public_notice(notice, found.tzinfo)
    closures = item["closures"]
    page = request.build_absolute_uri(reverse("notices:public", kwargs={"event": found.slug}))
    # The PDF maker (fpdf and its fonts) is imported when a notice is printed, not with the
    # views, which every process that loads the URLs imports.
    from garrison.traffic.notices import pdf

    content = pdf.render(
        found,
        number=notice.pk,
        title=item["title"],
        body=item["body"],
        published=notice.published_at.astimezone(found.tzinfo) if notice.published_at else None,
        closures=closures,
        page_url=page,
        roads=roadlayer.lines_around(found, [c["line"] for c in closures]),
    )
    response = HttpResponse(content, content_type="application/pdf")
    language = translation.get_language() or "vi"
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}-{language}.pdf"'
    return response
