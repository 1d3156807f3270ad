"""How much extra travel time closures cost ordinary traffic, and which plan costs the least.

Model (say it in the UI too): ``count`` ordinary trips are sampled across the area (seeded, so the
same inputs give the same figures), their ends picked on roads weighted by road class × length —
main roads carry more trips. Each sampled trip stands for ``daily_trips / count`` vehicle trips a
day between the same two points, leaving through the day by an hourly profile with morning and
evening peaks. A trip leaving while closures are in force takes its fastest way round them (the
closures active at departure, as routing does); one with no way round waits, on average half of
the time until the closure state changes. Closure windows are widened to whole ``step_minutes``
(start rounded down, end up): fewer distinct closure states to re-cost, and the estimate errs on
the side of more disruption, never less.

Engine: every trip's free-flow route comes from the contraction hierarchy once. For each distinct
set of closed arcs only the trips whose route crosses one are re-costed: with scipy's bounded
Dijkstra when they are few, with a contraction hierarchy rebuilt without the closed arcs (0.2 s on
central Hanoi) when they are many. Closures only ever raise costs, so untouched trips keep theirs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import threading
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from ch_router import INF_WEIGHT, CHQuery, ContractionHierarchy
from scipy.sparse.csgraph import connected_components, dijkstra

from garrison.traffic.routing.graph import FloatArray, IntArray
from garrison.traffic.routing.router import ClosedSegment, Router

DEFAULT_TRIPS = 2000
DEFAULT_SEED = 6
# An assumption, shown beside every figure: set it from the city's traffic counts.
DEFAULT_DAILY_TRIPS = 200_000

# Relative chance that a trip starts or ends on a metre of road of each class.
CLASS_WEIGHTS: dict[str, float] = {
    "motorway": 10,
    "trunk": 10,
    "primary": 8,
    "secondary": 6,
    "tertiary": 4,
    "unclassified": 2,
    "residential": 2,
    "living_street": 1,
    "service": 0.5,
}

# Share of a day's trips leaving in each local hour: urban peaks at 7–9 and 17–19.
_HOURLY_RAW = [0.5, 0.3, 0.2, 0.2, 0.5, 2, 5, 9, 8, 6, 5, 5, 5, 5, 5, 5, 6, 9, 8, 6, 4, 3, 2, 1]
HOURLY_SHARE = [h / sum(_HOURLY_RAW) for h in _HOURLY_RAW]

# Above this many crossing trips a rebuilt hierarchy beats one bounded Dijkstra per trip.
_REBUILD_ABOVE = 40
DEFAULT_STEP_MINUTES = 5
# Re-costed closure states kept per router (each an array of ``trips`` floats): the compare page's
# candidates share the event's other closures, and the disruption page shares them again.
_MAX_KEPT_STATES = 256
# Rebuilding a hierarchy releases the GIL: a second thread halves a cold compare on two cores.
_WORKERS = 2
_state_lock = threading.Lock()


@dataclass
class TripSample:
    source: IntArray
    target: IntArray
    source_arc: IntArray
    target_arc: IntArray
    base_s: FloatArray
    path_ptr: IntArray  # trip i's arcs are path_arcs[path_ptr[i]:path_ptr[i + 1]]
    path_arcs: IntArray

    @property
    def count(self) -> int:
        return len(self.source)


def class_weight(road_class: str) -> float:
    base = road_class.removesuffix("_link")
    factor = 0.5 if road_class.endswith("_link") else 1.0
    return CLASS_WEIGHTS.get(base, 1.0) * factor


def sample_trips(
    router: Router, count: int = DEFAULT_TRIPS, seed: int = DEFAULT_SEED
) -> TripSample:
    """``count`` trips between road points in the largest strongly connected part (cached)."""
    key = ("trips", count, seed)
    cached = router.cache.get(key)
    if isinstance(cached, TripSample):
        return cached
    g = router.graph
    if g.arc_count == 0:
        # A network without roads (an import that found none): no trips, so nobody is delayed.
        empty = np.zeros(0, dtype=np.int64)
        return TripSample(empty, empty, empty, empty, np.zeros(0), np.zeros(1, np.int64), empty)
    matrix, _entries = g.csr()
    _n, labels = connected_components(matrix, directed=True, connection="strong")
    main = labels == np.bincount(labels).argmax()
    per_road = np.array([class_weight(c) for c in g.road_classes], dtype=np.float64)
    weights = per_road[g.road] * g.length_m * (main[g.tail] & main[g.head])
    rng = np.random.default_rng(seed)
    probability = weights / weights.sum()
    source_arc = rng.choice(g.arc_count, size=count, p=probability)
    target_arc = rng.choice(g.arc_count, size=count, p=probability)
    source, target = g.tail[source_arc], g.head[target_arc]
    query = router._query()
    base = np.empty(count, dtype=np.float64)
    ptr = np.zeros(count + 1, dtype=np.int64)
    paths: list[list[int]] = []
    for i, (s, t) in enumerate(zip(source.tolist(), target.tolist(), strict=True)):
        query.reset().add_source(s).add_target(t).run()
        base[i] = query.get_distance() / 1000
        path = list(query.get_arc_path())
        paths.append(path)
        ptr[i + 1] = ptr[i] + len(path)
    flat = np.fromiter((a for p in paths for a in p), dtype=np.int64, count=int(ptr[-1]))
    sample = TripSample(source, target, source_arc, target_arc, base, ptr, flat)
    router.cache[key] = sample
    return sample


def crossing(sample: TripSample, closed: set[int], arc_count: int) -> IntArray:
    """The trips whose free-flow route uses a closed arc."""
    mask = np.zeros(arc_count, dtype=bool)
    mask[np.fromiter(closed, dtype=np.int64, count=len(closed))] = True
    hits = np.concatenate([[0], np.cumsum(mask[sample.path_arcs])])
    return np.flatnonzero(hits[sample.path_ptr[1:]] - hits[sample.path_ptr[:-1]] > 0)


def recost(router: Router, sample: TripSample, closed: set[int]) -> FloatArray:
    """Extra seconds each trip takes with ``closed`` arcs shut (``inf``: no way round)."""
    extra = np.zeros(sample.count, dtype=np.float64)
    if not closed:
        return extra
    g = router.graph
    hit = crossing(sample, closed, g.arc_count)
    if len(hit) == 0:
        return extra
    new = np.empty(len(hit), dtype=np.float64)
    sources, targets = sample.source[hit], sample.target[hit]
    if len(hit) > _REBUILD_ABOVE:
        keep = np.ones(g.arc_count, dtype=bool)
        keep[list(closed)] = False
        ch = ContractionHierarchy.build(
            g.node_count,
            g.tail[keep].astype(np.uint32),
            g.head[keep].astype(np.uint32),
            g.time_ms[keep].astype(np.uint32),
        )
        query = CHQuery(ch)
        for j, (s, t) in enumerate(zip(sources.tolist(), targets.tolist(), strict=True)):
            query.reset().add_source(s).add_target(t).run()
            distance = query.get_distance()
            new[j] = math.inf if distance == INF_WEIGHT else distance / 1000
    else:
        matrix, _entries = g.csr(router.weights(closed))
        base = sample.base_s[hit]
        for s in np.unique(sources).tolist():
            mine = np.flatnonzero(sources == s)
            # Bounded first (most detours are local); unbounded only for what that missed.
            limit = (float(base[mine].max()) * 4 + 600) * 1000
            distances = dijkstra(matrix, indices=s, limit=limit)
            found = distances[targets[mine]]
            if not np.isfinite(found).all():
                distances = dijkstra(matrix, indices=s)
                found = distances[targets[mine]]
            new[mine] = found / 1000
    extra[hit] = new - sample.base_s[hit]
    return extra


def _state_key(sample: TripSample, closed: frozenset[int]) -> tuple[object, ...]:
    return ("recost", id(sample), closed)


def recost_states(
    router: Router, sample: TripSample, states: Iterable[frozenset[int]]
) -> dict[frozenset[int], FloatArray]:
    """Each closure state's extra seconds per trip; states not re-costed yet go two at a time."""
    wanted = list(dict.fromkeys(s for s in states if s))
    found: dict[frozenset[int], FloatArray] = {}
    with _state_lock:
        for closed in wanted:
            extra = router.cache.get(_state_key(sample, closed))
            if isinstance(extra, np.ndarray):
                found[closed] = extra
    missing = [closed for closed in wanted if closed not in found]
    if len(missing) == 1:
        found[missing[0]] = recost(router, sample, set(missing[0]))
    elif missing:
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            arrays = pool.map(lambda closed: recost(router, sample, set(closed)), missing)
            found.update(zip(missing, arrays, strict=True))
    if missing:
        with _state_lock:
            kept = [k for k in router.cache if isinstance(k, tuple) and k[:1] == ("recost",)]
            if len(kept) + len(missing) > _MAX_KEPT_STATES:
                for key in kept:
                    del router.cache[key]
            for closed in missing:
                router.cache[_state_key(sample, closed)] = found[closed]
    return found


def closure_states(
    router: Router, closures: Sequence[ClosedSegment], step_minutes: int = DEFAULT_STEP_MINUTES
) -> list[tuple[dt.datetime, dt.datetime, frozenset[int]]]:
    """The plan cut where closures start or end: (from, until, arcs closed meanwhile)."""
    closures = [widened(c, step_minutes) for c in closures]
    bounds = sorted({c.starts_at for c in closures} | {c.ends_at for c in closures})
    return [
        (a, b, frozenset(router.closed_arcs(closures, a))) for a, b in itertools.pairwise(bounds)
    ]


@dataclass
class Estimate:
    trips: int
    daily_trips: int
    seed: int
    total_hours: float = 0.0
    per_hour: list[dict[str, Any]] = field(default_factory=list)
    affected: int = 0
    cut_off: int = 0
    worst: list[dict[str, Any]] = field(default_factory=list)
    states: int = 0


def _hour_pieces(
    start: dt.datetime, end: dt.datetime, tz: dt.tzinfo
) -> list[tuple[dt.datetime, float]]:
    """[start, end) cut at local hour boundaries: (local hour start, share of the day's trips)."""
    pieces: list[tuple[dt.datetime, float]] = []
    at = start.astimezone(tz)
    end = end.astimezone(tz)
    while at < end:
        hour = at.replace(minute=0, second=0, microsecond=0)
        upto = min(end, hour + dt.timedelta(hours=1))
        share = HOURLY_SHARE[hour.hour] * (upto - at).total_seconds() / 3600
        pieces.append((hour, share))
        at = upto
    return pieces


def _floor(at: dt.datetime, step: int) -> dt.datetime:
    seconds = int(at.timestamp())
    return dt.datetime.fromtimestamp(seconds - seconds % step, tz=at.tzinfo)


def widened(closure: ClosedSegment, step_minutes: int) -> ClosedSegment:
    """The closure with its window widened to whole steps."""
    step = max(1, step_minutes) * 60
    end = _floor(closure.ends_at, step)
    if end < closure.ends_at:
        end += dt.timedelta(seconds=step)
    return replace(closure, starts_at=_floor(closure.starts_at, step), ends_at=end)


def estimate(
    router: Router,
    closures: Sequence[ClosedSegment],
    tz: dt.tzinfo,
    *,
    trips: int = DEFAULT_TRIPS,
    seed: int = DEFAULT_SEED,
    daily_trips: int = DEFAULT_DAILY_TRIPS,
    step_minutes: int = DEFAULT_STEP_MINUTES,
    worst: int = 10,
) -> Estimate:
    """Extra vehicle-hours the closures cost over their day(s), per hour, and the worst trips."""
    sample = sample_trips(router, trips, seed)
    result = Estimate(trips=trips, daily_trips=daily_trips, seed=seed)
    per_trip = daily_trips / trips
    states = closure_states(router, closures, step_minutes)
    extras = recost_states(router, sample, (closed for _a, _b, closed in states))
    hours: dict[dt.datetime, float] = {}
    worst_extra = np.zeros(sample.count, dtype=np.float64)
    worst_at: dict[int, dt.datetime] = {}
    cut = np.zeros(sample.count, dtype=bool)
    for a, b, closed in states:
        if not closed:
            continue
        extra = extras[closed]
        blocked = ~np.isfinite(extra)
        waiting = (b - a).total_seconds() / 2
        seconds = float(extra[~blocked].sum()) + waiting * int(blocked.sum())
        for hour, share in _hour_pieces(a, b, tz):
            hours[hour] = hours.get(hour, 0.0) + seconds * per_trip * share
        cut |= blocked
        effective = np.where(blocked, waiting, extra)
        for i in np.flatnonzero(effective > worst_extra).tolist():
            worst_at[i] = a
        worst_extra = np.maximum(worst_extra, effective)
    result.states = len(extras)
    result.per_hour = [
        {"hour": hour, "minutes": round(seconds / 60, 1)} for hour, seconds in sorted(hours.items())
    ]
    result.total_hours = round(sum(hours.values()) / 3600, 1)
    result.affected = int((worst_extra > 0).sum())
    result.cut_off = int(cut.sum())
    g = router.graph
    for i in np.argsort(-worst_extra, kind="stable")[:worst].tolist():
        if worst_extra[i] <= 0:
            break
        result.worst.append(
            {
                "from": g.road_names[int(g.road[sample.source_arc[i]])] or "—",
                "to": g.road_names[int(g.road[sample.target_arc[i]])] or "—",
                "at": worst_at[i].astimezone(tz),
                "base_minutes": round(float(sample.base_s[i]) / 60, 1),
                "extra_minutes": round(float(worst_extra[i]) / 60, 1),
                "cut_off": bool(cut[i]),
                "from_point": [float(g.lat[sample.source[i]]), float(g.lon[sample.source[i]])],
                "to_point": [float(g.lat[sample.target[i]]), float(g.lon[sample.target[i]])],
            }
        )
    return result
