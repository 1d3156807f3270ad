"""Matrix rows for the forces screens and API: reads for every member, edits for the command.

Unit commanders may edit only inside their own subtree; the matrix probes them without a unit,
so they are refused (403) like other non-planners. ``test_scope.py`` proves their subtree rights.
"""

from __future__ import annotations

import itertools
from typing import Any

from garrison.core.testing import ALL_ROLES, JSON, JsonBody, Route
from garrison.events.models import Event
from garrison.forces.models import Assignment, ForceMember, Post, Unavailability, Unit
from garrison.forces.roles import PLANNERS, SUBTREE_EDITORS, TREE_EDITORS

PLANNER_ROLES = frozenset(PLANNERS)
# The matrix's members are attached to no unit, so the subtree editors among them are refused.
TREE_ROLES = frozenset(TREE_EDITORS) - frozenset(SUBTREE_EDITORS)

_serial = itertools.count(1)


def _unit(event: Event) -> Unit:
    n = next(_serial)
    unit = Unit.objects.create(event=event, name=f"Matrix unit {n}", code=f"MX{n}", type="police")
    unit.path = f"/{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def unit_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": _unit(event).pk}


def member_kwargs(event: Event) -> dict[str, Any]:
    member = ForceMember.objects.create(event=event, unit=_unit(event), full_name="Matrix member")
    return {"pk": member.pk}


def api_unit_kwargs(event: Event) -> dict[str, Any]:
    return {"unit_id": _unit(event).pk}


def api_member_kwargs(event: Event) -> dict[str, Any]:
    return {"member_id": member_kwargs(event)["pk"]}


def post_kwargs(event: Event) -> dict[str, Any]:
    post = Post.objects.create(event=event, name="Matrix post", code=f"MP{next(_serial)}")
    return {"pk": post.pk}


def shift_kwargs(event: Event) -> dict[str, Any]:
    import datetime as dt

    start = dt.datetime.combine(event.starts_on, dt.time(8), tzinfo=event.tzinfo)
    member = ForceMember.objects.get(pk=member_kwargs(event)["pk"])
    post = Post.objects.get(pk=post_kwargs(event)["pk"])
    shift = Assignment.objects.create(
        event=event,
        post=post,
        member=member,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=4),
    )
    return {"pk": shift.pk}


def window_kwargs(event: Event) -> dict[str, Any]:
    import datetime as dt

    start = dt.datetime.combine(event.starts_on, dt.time(8), tzinfo=event.tzinfo)
    member = ForceMember.objects.get(pk=member_kwargs(event)["pk"])
    row = Unavailability.objects.create(
        member=member, starts_at=start, ends_at=start + dt.timedelta(hours=4)
    )
    return {"pk": member.pk, "window": row.pk}


UNIT_BODY = JsonBody(name="API matrix unit", code="AMU", type="fire")
# The unit id is not known when the rows are built: planners get 400 (no such unit), the others
# 403 first — the role is checked before the body's content.
MEMBER_BODY = JsonBody(full_name="API matrix member", unit_id=1)
QUALIFICATION_BODY = JsonBody(code="matrix", name="Matrix skill")


def _api(name: str, roles: frozenset[str], **extra: Any) -> Route:
    return Route(f"api:{name}", roles=roles, anonymous="401", **extra)


def _write(name: str, roles: frozenset[str], method: str, body: JsonBody, **extra: Any) -> Route:
    return _api(name, roles, method=method, data=body, content_type=JSON, **extra)


ROUTES: list[Route] = [
    Route("forces:tree", roles=ALL_ROLES),
    Route("forces:unit", roles=ALL_ROLES, kwargs=unit_kwargs),
    Route("forces:unit_create", roles=TREE_ROLES),
    Route("forces:unit_edit", roles=TREE_ROLES, kwargs=unit_kwargs),
    # Deletes are probed by GET, which only asks for confirmation.
    Route("forces:unit_delete", roles=TREE_ROLES, kwargs=unit_kwargs),
    Route("forces:members", roles=ALL_ROLES),
    Route("forces:member_create", roles=TREE_ROLES),
    Route("forces:member_edit", roles=TREE_ROLES, kwargs=member_kwargs),
    Route("forces:member_delete", roles=TREE_ROLES, kwargs=member_kwargs),
    # Unavailability is edited by who edits the member (a unit commander only in their subtree).
    Route("forces:member_unavailability", roles=TREE_ROLES, kwargs=member_kwargs),
    Route("forces:unavailability_delete", roles=TREE_ROLES, kwargs=window_kwargs),
    Route("forces:qualifications", roles=ALL_ROLES),
    Route("forces:qualification_create", roles=PLANNER_ROLES),
    Route("forces:posts", roles=ALL_ROLES),
    Route("forces:post_create", roles=PLANNER_ROLES),
    Route("forces:post_edit", roles=PLANNER_ROLES, kwargs=post_kwargs),
    Route("forces:post_delete", roles=PLANNER_ROLES, kwargs=post_kwargs),
    Route("forces:roster", roles=ALL_ROLES),
    Route("forces:roster_run", roles=ALL_ROLES),
    Route("forces:roster_people", roles=ALL_ROLES),
    Route("forces:roster_rules", roles=PLANNER_ROLES),
    # Solving is probed by POST; the thread starts only after a real commit.
    Route("forces:roster_start", roles=PLANNER_ROLES, method="POST"),
    Route("forces:assignment_create", roles=PLANNER_ROLES),
    Route("forces:assignment_delete", roles=PLANNER_ROLES, kwargs=shift_kwargs),
    Route("forces:roster_post", roles=ALL_ROLES, kwargs=post_kwargs),
    Route("forces:roster_unit", roles=ALL_ROLES, kwargs=unit_kwargs),
    Route("forces:my_schedule", roles=ALL_ROLES),
    _api("forces_unit_list", ALL_ROLES),
    _write("forces_unit_create", TREE_ROLES, "POST", UNIT_BODY),
    _api("forces_unit_detail", ALL_ROLES, kwargs=api_unit_kwargs),
    _write("forces_unit_update", TREE_ROLES, "PUT", UNIT_BODY, kwargs=api_unit_kwargs),
    _api("forces_member_list", ALL_ROLES),
    _write("forces_member_create", TREE_ROLES, "POST", MEMBER_BODY),
    _api("forces_member_detail", ALL_ROLES, kwargs=api_member_kwargs),
    _write("forces_member_update", TREE_ROLES, "PUT", MEMBER_BODY, kwargs=api_member_kwargs),
    _api("forces_qualification_list", ALL_ROLES),
    _write("forces_qualification_create", PLANNER_ROLES, "POST", QUALIFICATION_BODY),
]
