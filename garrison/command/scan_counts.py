"""Scans since midnight per sub-event, for the roll-up, without counting the whole day each time.

At the issue's scale a national roll-up counts hundreds of thousands of today's scans: about
150 ms on PostgreSQL for every request, most of the page's time, growing all day. Scans are
only ever added (a purge keeps them), so the count is kept in the cache as the counts of the
scans up to an id (the watermark) plus those after it, counted on each request through the
primary key: a few seconds' worth of new rows.

The watermark is only ever a scan received ``SETTLED`` ago. A transaction can take an id and
commit after a larger one was read; by the time the watermark passes its id it has committed, so
no scan is left out. A day's first request counts the day once. Scans dated later today (a phone
whose clock runs ahead) count as soon as they arrive. A state that does not match the table any
more (its watermark row gone: a restored database, a test rolled back) is dropped and counted
again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypedDict

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from garrison.checkin.models import Scan

SETTLED = dt.timedelta(seconds=120)
KEEP = 36 * 60 * 60  # seconds the cache keeps a day's state: past the day's end, then gone


class _State(TypedDict):
    watermark: int  # scans with an id up to here are in ``counts``
    client_id: str  # the watermark scan's own id: the state belongs to this table
    counts: dict[int, int]  # event id → scans today up to the watermark


def _valid(state: _State | None) -> _State | None:
    if state is None or not state["watermark"]:
        return state
    found = Scan.objects.filter(pk=state["watermark"], client_id=state["client_id"]).exists()
    return state if found else None


def scans_today(parent_id: int, ids: Sequence[int], midnight: dt.datetime) -> dict[int, int]:
    """Scans dated since ``midnight`` (for a day) at each of the events ``ids``, by event.

    Two queries, three once a day is under way: the newest settled scan, through the primary
    key from the newest back; the scans after the watermark, through the primary key too, with
    those up to the settled one set apart to move the watermark on.
    """
    key = f"command:scans:{parent_id}:{midnight.isoformat()}:{','.join(map(str, ids))}"
    state = _valid(cache.get(key)) or _State(watermark=0, client_id="", counts={})
    settled = (
        Scan.objects.filter(received_at__lt=timezone.now() - SETTLED)
        .order_by("-pk")
        .values_list("pk", "client_id")
        .first()
    )
    mark = settled[0] if settled is not None and settled[0] > state["watermark"] else None
    rows = (
        Scan.objects.filter(
            pk__gt=state["watermark"],
            event_id__in=ids,
            scanned_at__gte=midnight,
            scanned_at__lt=midnight + dt.timedelta(days=1),
        )
        .values_list("event_id")
        .annotate(n=Count("pk"), settled=Count("pk", filter=Q(pk__lte=mark or 0)))
        .order_by()
    )
    total = dict(state["counts"])
    counts = dict(state["counts"])
    for event_id, n, upto_mark in rows:
        total[event_id] = total.get(event_id, 0) + n
        counts[event_id] = counts.get(event_id, 0) + upto_mark
    if mark is not None and settled is not None:
        cache.set(key, _State(watermark=mark, client_id=str(settled[1]), counts=counts), KEEP)
    return total
