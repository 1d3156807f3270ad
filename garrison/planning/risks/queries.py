"""Reads of the risk register: the register of an event, one risk, and the heat map."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.planning.risks.models import SCALE, Risk, level


def risks_of(event: Event) -> QuerySet[Risk]:
    return Risk.objects.filter(event=event).annotate(mitigation_count=Count("mitigations"))


def access_risk_by_id(user: User, event: Event, risk_id: int) -> Risk:
    """A risk of this event, for one of its members; 404 for anyone else or another event's."""
    if membership_for(user, event) is None:
        raise Http404
    risk = Risk.objects.select_related("site", "owner").filter(event=event, pk=risk_id).first()
    if risk is None:
        raise Http404
    return risk


@dataclass
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def level(self) -> str:
        return level(self.likelihood * self.impact)


def heat_map(risks: QuerySet[Risk], *, residual: bool = False) -> list[list[Cell]]:
    """Rows from likelihood 5 down to 1, columns impact 1 to 5, each with its count of risks."""
    lk, im = ("residual_likelihood", "residual_impact") if residual else ("likelihood", "impact")
    counts = {
        (row[lk], row[im]): row["n"]
        for row in risks.order_by().values(lk, im).annotate(n=Count("pk", distinct=True))
    }
    return [
        [Cell(likelihood, impact, counts.get((likelihood, impact), 0)) for impact in SCALE]
        for likelihood in reversed(SCALE)
    ]
