"""Matrix rows for the action plan: every member reads, planners write, the command publishes."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.accounts.models import User
from garrison.conftest import NOW
from garrison.core.testing import ALL_ROLES, Route
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.reports import roles
from garrison.reports.models import ActionPlan, PublishedPlan, Sitrep

_serial = itertools.count(1)


def published_kwargs(event: Event) -> dict[str, Any]:
    n = next(_serial)
    starts = (NOW - dt.timedelta(days=331)).replace(hour=6, minute=0) + dt.timedelta(days=n)
    plan = ActionPlan.objects.create(
        event=event, period_starts=starts, period_ends=starts + dt.timedelta(days=1)
    )
    user = User.objects.create_user(username=f"publisher-{n}")
    found = PublishedPlan.objects.create(
        plan=plan, event=event, version=1, language="vi", pdf=b"%PDF-1.4", sha256="0" * 64,
        key_id="k", signature=b"", published_by=user, published_at=starts,
    )  # fmt: skip
    return {"pk": found.pk}


def unit_kwargs(event: Event) -> dict[str, Any]:
    n = next(_serial)
    unit = Unit.objects.create(event=event, name=f"Matrix unit {n}", code=f"RU{n}", type="police")
    return {"unit_id": unit.pk}


def sitrep_kwargs(event: Event) -> dict[str, Any]:
    n = next(_serial)
    at = (NOW - dt.timedelta(days=331)).replace(hour=6, minute=0) + dt.timedelta(days=n)
    found = Sitrep.objects.create(
        event=event, number=n, covers_from=at, covers_to=at, language="vi", content={},
        pdf=b"%PDF-1.4", sha256="0" * 64, key_id="k", signature=b"", published_at=at,
    )  # fmt: skip
    return {"pk": found.pk}


def sitrep_page_kwargs(event: Event) -> dict[str, Any]:
    """A report the page can lay out: empty sections, as an event with nothing going on has."""
    kwargs = sitrep_kwargs(event)
    Sitrep.objects.filter(pk=kwargs["pk"]).update(content=EMPTY_CONTENT)
    return kwargs


EMPTY_CONTENT = {
    "incidents": {"by_type": [], "total": 0, "open": 0, "exercise_left_out": 0},
    "response": [],
    "gates": {"total": 0, "admitted": 0, "refused": 0, "flagged": 0, "zones": []},
    "resources": {"statuses": ["in_service"], "by_kind": []},
    "closures": [],
    "forces_on_duty": 0,
}


ROUTES: list[Route] = [
    Route("reports:plan", roles=ALL_ROLES),
    # An empty form: the writers get through to their redirect (blank objectives are allowed).
    Route("reports:objectives", roles=frozenset(roles.WRITERS), method="POST"),
    # An empty form: the command gets through to its 400, the others are refused first.
    Route("reports:publish", roles=frozenset(roles.PUBLISHERS), method="POST"),
    Route("reports:publish_job", roles=ALL_ROLES),
    Route("reports:published_pdf", roles=ALL_ROLES, kwargs=published_kwargs),
    Route("reports:version_changes", roles=ALL_ROLES, kwargs=published_kwargs),
    Route("reports:unit_list", roles=ALL_ROLES),
    Route("reports:unit_page", roles=ALL_ROLES, kwargs=unit_kwargs),
    Route("reports:sitreps", roles=ALL_ROLES),
    # Empty forms: the authors save an empty schedule, or publish a report, and are redirected.
    Route("reports:sitrep_schedule", roles=frozenset(roles.SITREP_AUTHORS), method="POST"),
    Route("reports:sitrep_publish", roles=frozenset(roles.SITREP_AUTHORS), method="POST"),
    Route("reports:sitrep", roles=ALL_ROLES, kwargs=sitrep_page_kwargs),
    Route("reports:sitrep_pdf", roles=ALL_ROLES, kwargs=sitrep_kwargs),
]
