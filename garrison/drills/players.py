"""Simulated players for automated runs (``run_drill --players auto``): the desk triages each
inject, sends the nearest free unit, the unit turns out, travels, works and clears, all through
ops' own services like people at the desk and on the phones would.

Delays are in drill seconds, drawn from a seeded generator (the same seed, the same choices and
delays): mostly within the usual targets, a tenth of them late, as in ops' incident simulator.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from garrison.accounts.models import Membership
from garrison.core.errors import DomainError
from garrison.drills.models import Drill, Release, ReleaseState
from garrison.forces.models import Unit
from garrison.ops.dispatch import services as dispatch
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.incidents import services as incidents
from garrison.ops.models import Incident, Status
from garrison.ops.roles import SIMULATED_DESK

# (step, typical drill seconds after the previous one)
STEPS: list[tuple[str, float]] = [
    ("triage", 30.0),
    ("dispatch", 45.0),
    ("en_route", 60.0),
    ("on_scene", 180.0),
    ("resolve", 240.0),
    ("returning", 5.0),
    ("available", 90.0),
]


@dataclass
class Plan:
    due: dt.datetime
    step: int
    unit_id: int | None = None


@dataclass
class Players:
    drill: Drill
    seed: int = 1
    plans: dict[int, Plan] = field(default_factory=dict)
    seen: set[int] = field(default_factory=set)
    errors: int = 0

    def __post_init__(self) -> None:
        # A simulation's draws, not a secret: seeded so that a run can be repeated.
        self.rng = random.Random(self.seed)  # noqa: S311
        desk = (
            Membership.objects.filter(event_id=self.drill.event_id, role__in=SIMULATED_DESK)
            .select_related("user", "event")
            .order_by("role", "pk")
            .first()
        )
        if desk is None:
            raise LookupError("the event has no dispatcher or duty officer to act as")
        self.desk = desk

    def _delay(self, typical: float) -> dt.timedelta:
        base = self.rng.uniform(0.4, 0.9) * typical
        if self.rng.random() < 0.1:
            base = typical * self.rng.uniform(1.2, 2.5)
        return dt.timedelta(seconds=base / self.drill.speed)

    @property
    def busy(self) -> bool:
        return bool(self.plans)

    def next_due(self) -> dt.datetime | None:
        return min((plan.due for plan in self.plans.values()), default=None)

    def step(self, now: dt.datetime | None = None) -> None:
        now = now or timezone.now()
        new = Release.objects.filter(
            drill=self.drill, state=ReleaseState.RELEASED, incident__isnull=False
        ).exclude(incident_id__in=self.seen)
        for incident_id in new.values_list("incident_id", flat=True):
            if incident_id is None:
                continue
            self.seen = self.seen | {incident_id}
            self.plans[incident_id] = Plan(now + self._delay(STEPS[0][1]), 0)
        for incident_id, plan in sorted(self.plans.items(), key=lambda item: item[1].due):
            if plan.due <= now:
                try:
                    self._advance(incident_id, plan, now)
                except DomainError:
                    # Someone at the real desk moved it first, or no unit could go: let it be.
                    self.errors += 1
                    self.plans.pop(incident_id, None)

    def _next(self, incident_id: int, plan: Plan, now: dt.datetime) -> None:
        if plan.step + 1 >= len(STEPS):
            self.plans.pop(incident_id, None)
            return
        plan.step += 1
        plan.due = now + self._delay(STEPS[plan.step][1])

    def _advance(self, incident_id: int, plan: Plan, now: dt.datetime) -> None:
        incident = Incident.objects.select_related("event", "type", "site").get(pk=incident_id)
        name = STEPS[plan.step][0]
        if name == "triage":
            if incident.status == Status.NEW:
                incidents.triage_incident(self.desk, incident, incident.type_id, incident.severity)
        elif name == "dispatch":
            ranked = [r for r in rank_units(incident, limit=5) if r.state == "available"]
            if not ranked:
                plan.due = now + dt.timedelta(seconds=10 / self.drill.speed)  # wait for one
                return
            plan.unit_id = ranked[0].unit.pk
            dispatch.dispatch_units(self.desk, incident, [plan.unit_id])
        elif name == "resolve":
            if incident.status in (Status.ON_SCENE, Status.DISPATCHED, Status.TRIAGED):
                incidents.change_status(self.desk, incident, Status.RESOLVED)
        elif plan.unit_id is not None:
            unit = Unit.objects.get(pk=plan.unit_id)
            if name in dispatch.UNIT_MOVES.get(dispatch.status_of(unit).state, frozenset()):
                dispatch.set_unit_state(self.desk, unit, name)
        self._next(incident_id, plan, now)
