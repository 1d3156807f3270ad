"""Serving the base map's tiles: ``/e/<event>/tiles/{z}/{x}/{y}.pbf`` for the event's members.

The public pages with a map (the tip page, the public notices) serve the same tiles through
``tile_response`` under their own prefixes, behind their own rule for which events are public:
the tiles hold nothing but the OpenStreetMap file's public data.

Tiles are stored gzip-compressed and sent that way (nearly every browser accepts gzip; for one
that does not, the tile is unpacked). A tile changes only when the map is rebuilt, so it carries
an ETag and, when asked for with the current ``?v=`` (the page always does), a year's cache.
A coordinate off the world or a zoom no map has: 404; a tile of open country, or of an event
with no base map yet: an empty tile (a valid vector tile with no layers; 200, so that every
client, a browser opening the address included, takes it as the nothing it is).
"""

from __future__ import annotations

import gzip

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.views.decorators.http import require_GET

from garrison.accounts.decorators import EventRequest, event_view
from garrison.events.basemap.store import archive_path, read_tile, version
from garrison.events.models import Event

# Deeper than any base map is built (tiles.MAX_ZOOM), shallower than any integer trick.
MAX_ZOOM_SERVED = 22
CONTENT_TYPE = "application/vnd.mapbox-vector-tile"


def tile_response(
    request: HttpRequest, event: Event, z: int, x: int, y: int, *, public: bool
) -> HttpResponse:
    if not 0 <= z <= MAX_ZOOM_SERVED or not (0 <= x < 1 << z and 0 <= y < 1 << z):
        raise Http404
    path = archive_path(event.slug)
    built = version(path)
    if built is None:
        # The event has no base map (yet): an empty tile, as for open country.
        empty = HttpResponse(b"", content_type=CONTENT_TYPE)
        empty["Cache-Control"] = "private, max-age=60"
        return empty
    etag = f'"{built}-{z}-{x}-{y}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        _cache_headers(unchanged, request, built, public)
        return unchanged
    data = read_tile(path, z, x, y)
    if data is None:
        response = HttpResponse(b"", content_type=CONTENT_TYPE)
    elif "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(data, content_type=CONTENT_TYPE)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(data), content_type=CONTENT_TYPE)
    response["ETag"] = etag
    _cache_headers(response, request, built, public)
    return response


def _cache_headers(response: HttpResponse, request: HttpRequest, built: str, public: bool) -> None:
    scope = "public" if public else "private"
    if request.GET.get("v") == built:
        response["Cache-Control"] = f"{scope}, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = f"{scope}, max-age=300"
    patch_vary_headers(response, ["Accept-Encoding"])


@event_view()
@require_GET
def tile(request: EventRequest, z: int, x: int, y: int) -> HttpResponse:
    return tile_response(request, request.event, z, x, y, public=False)
