"""Matrix rows for team placement: every member reads, planners save."""

from __future__ import annotations

from typing import Any

from garrison.core.testing import ALL_ROLES, Route
from garrison.coverage.models import Placement
from garrison.events.models import Event


def placement_kwargs(event: Event) -> dict[str, Any]:
    placement = Placement.objects.create(
        event=event,
        name="Matrix placement",
        model="max-cover",
        teams=1,
        target_s=300,
        chosen=["1"],
        coverage={"weights": {"z1": 1.0}, "reach": {"1": ["z1"]}},
    )
    return {"pk": placement.pk}


def with_placement(event: Event) -> dict[str, Any]:
    placement_kwargs(event)
    return {"site": "1"}


ROUTES: list[Route] = [
    Route("coverage:placements", roles=ALL_ROLES),
    Route("coverage:placement", roles=ALL_ROLES, kwargs=placement_kwargs),
    Route("coverage:lost", roles=ALL_ROLES, kwargs=with_placement),
    Route("coverage:layer", roles=ALL_ROLES),
]
