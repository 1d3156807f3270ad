"""Matrix rows for the action plan: every member reads, planners write, the command publishes."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.accounts.models import User
from garrison.core.testing import ALL_ROLES, Route
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.reports import roles
from garrison.reports.models import ActionPlan, PublishedPlan

_serial = itertools.count(1)


def published_kwargs(event: Event) -> dict[str, Any]:
    n = next(_serial)
    starts = dt.datetime(2026, 1, 1, 6, tzinfo=dt.UTC) + dt.timedelta(days=n)
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
]
