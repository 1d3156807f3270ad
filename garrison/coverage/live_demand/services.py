"""Placements solved again when the live crowd moves the demand.

Every ``CHECK_EVERY`` seconds a check (``queue.watch``: the workers, or the demo's server)
compares, for each event's latest placement whose demand is its zones, the people counted in each
zone now (sensors' public read, ``occupancy_of``) with the weight the placement was last solved
with. When one zone's moved by ``SHIFT`` (a quarter) or
more — and by ``MIN_PEOPLE`` at least, so that three people becoming four is not news — the
placement is solved again on the task queue with the live weights (zones not counted keep their
planned weight) and kept as its live suggestion, beside the saved placement, which stays as the
planners saved it.

Coverage reads sensors and sensors knows nothing of coverage: the check asks, rather than
sensors telling every app that might care about a crowd.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from garrison.audit.services import SYSTEM, record
from garrison.core.errors import DomainError
from garrison.core.services import queue
from garrison.coverage.live_events import LIVE_SUGGESTED
from garrison.coverage.models import DemandSource, LiveSuggestion, Placement
from garrison.sensors.occupancy import occupancy_of

log = logging.getLogger(__name__)

CHECK_EVERY = 30.0  # seconds
SHIFT = 0.25
MIN_PEOPLE = 20
# A suggestion queued or solving this long is taken for lost (its worker died): asked again.
ABANDONED = dt.timedelta(minutes=10)

Weights = dict[str, float]


def latest_zone_placements() -> list[Placement]:
    """Each event's latest placement, where its demand is the event's zones."""
    latest: dict[int, Placement] = {}
    rows = Placement.objects.order_by("event_id", "-created_at", "-pk").select_related("live")
    for placement in rows.defer("curve"):
        latest.setdefault(placement.event_id, placement)
    return [p for p in latest.values() if p.demand_source == DemandSource.ZONES]


def live_weights(placement: Placement) -> Weights:
    """The placement's demand weights with the counted zones' people now in place of theirs."""
    weights: Weights = dict(placement.coverage.get("weights", {}))
    zone_ids = {int(key[1:]): key for key in weights if key[1:].isdigit()}
    for zone_id, people in occupancy_of(zone_ids).items():
        weights[zone_ids[zone_id]] = float(people)
    return weights


def moved(basis: Weights, live: Weights) -> list[dict[str, object]]:
    """The demand points whose live weight is ``SHIFT`` or more away from ``basis``."""
    found: list[dict[str, object]] = []
    for key, now in live.items():
        before = basis.get(key, 0.0)
        change = abs(now - before)
        if change >= MIN_PEOPLE and change >= SHIFT * max(before, 1.0):
            found.append({"key": key, "saved": before, "live": now})
    return found


def _basis(placement: Placement) -> Weights:
    """What the placement was last solved with: its live suggestion's weights, else its own."""
    live = getattr(placement, "live", None)
    if live is not None and live.weights:
        return dict(live.weights)
    return dict(placement.coverage.get("weights", {}))


def check_live_demand(now: dt.datetime | None = None) -> int:
    """Queue a live solve for each latest placement whose demand moved; how many were queued."""
    now = now or timezone.now()
    queued = 0
    for placement in latest_zone_placements():
        live = getattr(placement, "live", None)
        busy = live is not None and live.state in (
            LiveSuggestion.State.QUEUED,
            LiveSuggestion.State.SOLVING,
        )
        if busy and live is not None and now - live.requested_at < ABANDONED:
            continue
        weights = live_weights(placement)
        if not moved(_basis(placement), weights) and not (busy and live is not None):
            continue
        saved = dict(placement.coverage.get("weights", {}))
        with transaction.atomic():
            suggestion, _created = LiveSuggestion.objects.update_or_create(
                placement=placement,
                defaults={
                    "state": LiveSuggestion.State.QUEUED,
                    "weights": weights,
                    "changed": moved(saved, weights),
                    "requested_at": now,
                    "error": "",
                },
            )
            queue.enqueue(solve_live, suggestion.pk)
        queued += 1
    return queued


@task()
def solve_live(suggestion_id: int) -> None:
    """The queue's task: solve the suggestion ``suggestion_id`` on the live weights."""
    resolve(suggestion_id)


def resolve(suggestion_id: int) -> LiveSuggestion | None:
    """Claim the queued suggestion, solve it with the placement's own question on the weights
    counted now, and keep the answer. A suggestion not queued (taken by another) is left."""
    rows = LiveSuggestion.objects.filter(pk=suggestion_id, state=LiveSuggestion.State.QUEUED)
    if not rows.update(state=LiveSuggestion.State.SOLVING):
        return None
    suggestion = LiveSuggestion.objects.select_related("placement__event").get(pk=suggestion_id)
    placement = suggestion.placement
    weights = live_weights(placement)  # fresher than when it was asked
    # The study (road costs in SciPy, the solver in OR-Tools) is imported by the worker that solves,
    # not with this module, which every process reads at start-up for its check.
    from garrison.coverage.services import study

    try:
        found = study(
            placement.event,
            model=placement.model,
            teams=placement.teams,
            target_s=placement.target_s,
            backup=placement.backup,
            demand_source=placement.demand_source,
            locked=list(placement.locked),
            weights=weights,
            with_curve=False,
        )
    except DomainError as error:
        LiveSuggestion.objects.filter(pk=suggestion_id).update(
            state=LiveSuggestion.State.FAILED, error=error.code, solved_at=timezone.now()
        )
        LIVE_SUGGESTED.emit(placement.event, {"id": placement.pk})
        return None
    total = sum(weights.values()) or 1.0
    saved_reach: dict[str, list[str]] = placement.coverage.get("reach", {})
    saved_covered = {d for c in placement.chosen for d in saved_reach.get(c, [])}
    with transaction.atomic():
        suggestion.state = LiveSuggestion.State.DONE
        suggestion.weights = {p.key: p.weight for p in found.demand}
        suggestion.changed = moved(dict(placement.coverage.get("weights", {})), weights)
        suggestion.chosen = found.chosen
        suggestion.covered_share = found.covered_share
        suggestion.saved_share = sum(weights.get(d, 0.0) for d in saved_covered) / total
        suggestion.objective = found.objective
        suggestion.optimal = found.optimal
        suggestion.reach = found.reach
        suggestion.solved_at = timezone.now()
        suggestion.save()
        record(
            SYSTEM,
            "coverage.placement.live_solved",
            placement,
            event_id=placement.event_id,
            after={
                "chosen": found.chosen,
                "covered_share": round(found.covered_share, 4),
                "saved_share": round(suggestion.saved_share, 4),
            },
        )
        LIVE_SUGGESTED.emit(placement.event, {"id": placement.pk})
    return suggestion
