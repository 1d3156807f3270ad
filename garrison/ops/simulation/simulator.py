"""Realistic incidents for demonstrations and the benchmark, worked through the real services.

New reports arrive as a Poisson process at ``rate`` per minute, near the event's sites. Each then
moves like a desk would move it: triaged, the nearest free unit dispatched, the unit turning out,
travelling, working, returning. Delays are drawn so that most steps meet the NFPA targets and a
few do not, which the timers then notice.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from garrison.accounts.models import Membership
from garrison.events.models import Event, Site
from garrison.forces.models import Unit
from garrison.ops.dispatch import services as dispatch
from garrison.ops.dispatch.ranking import rank_units
from garrison.ops.incidents import services
from garrison.ops.models import Incident, IncidentType, Severity, Source, Status, UnitState
from garrison.ops.roles import SIMULATED_DESK
from garrison.ops.timers.services import check_breaches
from garrison.ops.tips import services as tips

# (type code, weight, descriptions). Safety and security events only (ARCHITECTURE.md).
SCENARIOS: list[tuple[str, int, list[str]]] = [
    (
        "medical",
        30,
        ["Người bị ngất ở hàng chờ", "Khách bị say nắng", "Một người bị ngã, chảy máu"],
    ),
    ("crowd", 20, ["Ùn ứ tại cổng kiểm soát", "Đám đông chen lấn ở lối vào"]),
    ("traffic", 15, ["Va chạm xe máy ở nút giao", "Xe đỗ sai chặn lối thoát hiểm"]),
    ("suspicious_object", 10, ["Túi xách bỏ quên cạnh ghế đá", "Vali không người trông coi"]),
    ("lost_person", 10, ["Trẻ em đi lạc gần khu gửi xe", "Người cao tuổi bị lạc"]),
    ("fire", 5, ["Khói bốc lên từ ki-ốt", "Chập điện ở tủ điện ngoài trời"]),
    ("crime", 5, ["Mất trộm điện thoại", "Xô xát giữa hai người"]),
    ("infrastructure", 5, ["Mất điện khu vực bãi xe", "Vỡ ống nước ở hành lang"]),
]


@dataclass
class Plan:
    """What happens next to one incident and when."""

    due: dt.datetime
    step: str
    unit_id: int | None = None


@dataclass
class Simulator:
    event: Event
    rate_per_minute: float
    rng: random.Random = field(default_factory=random.Random)
    plans: dict[int, Plan] = field(default_factory=dict)
    made: int = 0

    def __post_init__(self) -> None:
        self.desk = _desk(self.event)
        self.sites = list(Site.objects.filter(event=self.event))
        self.types = {k.code: k for k in IncidentType.objects.filter(event=self.event, active=True)}
        self.next_arrival = timezone.now() + self._gap()

    def _gap(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.rng.expovariate(self.rate_per_minute / 60.0))

    def _delay(self, typical: float, late_share: float = 0.1) -> dt.timedelta:
        """Mostly around ``typical`` seconds; ``late_share`` of the time twice that or more."""
        base = self.rng.uniform(0.4, 0.9) * typical
        if self.rng.random() < late_share:
            base = typical * self.rng.uniform(1.2, 2.5)
        return dt.timedelta(seconds=base)

    def new_incident(self) -> Incident:
        code, _w, texts = self.rng.choices(SCENARIOS, weights=[s[1] for s in SCENARIOS])[0]
        kind = self.types.get(code) or next(iter(self.types.values()))
        site = self.rng.choice(self.sites) if self.sites else None
        lat = (site.lat if site else 21.0285) + self.rng.uniform(-0.003, 0.003)
        lon = (site.lon if site else 105.8542) + self.rng.uniform(-0.003, 0.003)
        text = self.rng.choice(texts)
        if self.rng.random() < 0.3:
            incident = tips.receive_tip(
                self.event,
                tips.TipData(what=text, where=site.name if site else "", lat=lat, lon=lon),
                address=f"sim{self.rng.randrange(10**6)}",
            )
        else:
            source = self.rng.choice([Source.STAFF, Source.CHECKPOINT, Source.STAFF])
            data = services.IncidentData(
                type_id=kind.pk,
                severity=self.rng.choice([1, 2, 2, 3, 3, 3, 4]),
                description=text,
                source=source,
                location=services.Location(lat=lat, lon=lon),
            )
            incident = services.create_incident(self.desk, data)
        self.made += 1
        self.plans[incident.pk] = Plan(timezone.now() + self._delay(25), "triage")
        return incident

    def tick(self, now: dt.datetime | None = None) -> None:
        now = now or timezone.now()
        while self.next_arrival <= now:
            self.new_incident()
            self.next_arrival += self._gap()
        for incident_id, plan in list(self.plans.items()):
            if plan.due <= now:
                self._advance(incident_id, plan, now)
        check_breaches(self.event, now)

    def _advance(self, incident_id: int, plan: Plan, now: dt.datetime) -> None:
        incident = Incident.objects.select_related("event", "type", "site").get(pk=incident_id)
        waiting = incident.status in (Status.NEW, Status.TRIAGED)
        if plan.step in ("triage", "dispatch") and not waiting:
            self.plans.pop(incident_id, None)  # someone at the desk took it over
            return
        if plan.step == "triage":
            severity = incident.severity if incident.source != Source.PUBLIC_TIP else 2
            services.triage_incident(self.desk, incident, incident.type_id, severity)
            self.plans[incident_id] = Plan(now + self._delay(40), "dispatch")
        elif plan.step == "dispatch":
            ranked = rank_units(incident, limit=1)
            if not ranked:
                plan.due = now + dt.timedelta(seconds=10)  # wait for a unit to come free
                return
            unit = ranked[0].unit
            dispatch.dispatch_units(self.desk, incident, [unit.pk])
            self.plans[incident_id] = Plan(now + self._delay(70), "en_route", unit.pk)
        elif plan.unit_id is not None:
            unit = Unit.objects.get(pk=plan.unit_id)
            following = {
                "en_route": ("on_scene", 200.0),
                "on_scene": ("returning", 300.0),
                "returning": ("available", 120.0),
            }
            # A returning unit may already have been sent elsewhere: then this call is over.
            if plan.step in dispatch.UNIT_MOVES.get(dispatch.status_of(unit).state, frozenset()):
                dispatch.set_unit_state(self.desk, unit, plan.step)
            incident.refresh_from_db()
            if plan.step == "returning" and incident.status == Status.ON_SCENE:
                services.change_status(self.desk, incident, Status.RESOLVED)
            if plan.step == "available" and incident.status == Status.RESOLVED:
                services.change_status(self.desk, incident, Status.CLOSED)
            if plan.step in following:
                step, typical = following[plan.step]
                self.plans[incident_id] = Plan(now + self._delay(typical), step, unit.pk)
            else:
                self.plans.pop(incident_id, None)

    def finish_units(self) -> None:
        """Bring every unit of the event back to available (end of a run)."""
        for unit in Unit.objects.filter(event=self.event):
            row = dispatch.status_of(unit)
            for step in ("on_scene", "returning", "available"):
                if step in dispatch.UNIT_MOVES.get(row.state, frozenset()):
                    row = dispatch.set_unit_state(self.desk, unit, step)


def _desk(event: Event) -> Membership:
    desk = (
        Membership.objects.filter(event=event, role__in=SIMULATED_DESK)
        .select_related("user", "event")
        .order_by("role")
        .first()
    )
    if desk is None:
        raise LookupError(f"{event.slug} has no dispatcher or duty officer to act as")
    return desk


__all__ = ["SCENARIOS", "Severity", "Simulator", "UnitState"]
