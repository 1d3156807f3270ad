"""Matrix rows for the readiness screens: every member reads, the command keeps the inventory.

Unit-scoped roles read the items of their units only; probed without a unit, an item answers
them 404 (``test_resources.py`` proves a unit commander's scope).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from garrison.conftest import NOW
from garrison.core.testing import ALL_ROLES, Route
from garrison.events.models import Event, Site
from garrison.forces.models import Unit
from garrison.readiness import roles
from garrison.readiness.models import (
    Channel,
    ImportBatch,
    Requirement,
    Resource,
    ResourceKind,
    ResourceType,
    SafetyMessage,
)

LOGISTICS = frozenset(roles.LOGISTICS)
APPROVERS = frozenset(roles.SAFETY_APPROVERS)
_serial = itertools.count(1)


def make_type(event: Event, *, consumable: bool = False) -> ResourceType:
    n = next(_serial)
    kind = ResourceKind.objects.create(event=event, code=f"k{n}", name=f"Kind {n}")
    return ResourceType.objects.create(
        event=event, kind=kind, code=f"T{n}", name=f"Type {n}", consumable=consumable
    )


def make_resource(event: Event) -> Resource:
    n = next(_serial)
    unit = Unit.objects.create(event=event, name=f"Unit {n}", code=f"RDY{n}", type="fire")
    return Resource.objects.create(
        event=event, type=make_type(event), identifier=f"R-{n}", owner_unit=unit
    )


def resource_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_resource(event).pk}


def type_kwargs(event: Event) -> dict[str, Any]:
    return {"pk": make_type(event).pk}


def requirement_kwargs(event: Event) -> dict[str, Any]:
    site = Site.objects.create(
        event=event, name=f"Site {next(_serial)}", kind="venue", lat=0, lon=0
    )
    requirement = Requirement.objects.create(
        event=event, type=make_type(event), quantity=2, site=site
    )
    return {"pk": requirement.pk}


def channel_kwargs(event: Event) -> dict[str, Any]:
    n = next(_serial)
    channel = Channel.objects.create(
        event=event, number=n, name=f"Matrix {n}", function="command", talk_group=100 + n
    )
    return {"pk": channel.pk}


def import_kwargs(event: Event) -> dict[str, Any]:
    from garrison.accounts.models import User

    user = User.objects.create_user(username=f"importer-{next(_serial)}")
    batch = ImportBatch.objects.create(event=event, created_by=user, filename="inventory.csv")
    return {"pk": batch.pk}


def hospital_kwargs(event: Event) -> dict[str, Any]:
    site = Site.objects.create(
        event=event, name=f"Hospital {next(_serial)}", kind="hospital", lat=0, lon=0
    )
    return {"pk": site.pk}


def safety_kwargs(event: Event) -> dict[str, Any]:
    from garrison.accounts.models import User

    n = next(_serial)
    user = User.objects.create_user(username=f"safety-{n}")
    starts = (NOW - dt.timedelta(days=331)).replace(hour=6, minute=0) + dt.timedelta(days=n)
    message = SafetyMessage.objects.create(
        event=event, period_starts=starts, period_ends=starts + dt.timedelta(days=1),
        message="Watch the stairs.", prepared_by=user,
    )  # fmt: skip
    return {"pk": message.pk}


ROUTES: list[Route] = [
    Route("readiness:board", roles=ALL_ROLES),
    Route("readiness:requirements", roles=ALL_ROLES),
    Route("readiness:requirement_create", roles=LOGISTICS),
    # Deletes are probed by GET, which only asks for confirmation.
    Route("readiness:requirement_delete", roles=LOGISTICS, kwargs=requirement_kwargs),
    Route("readiness:resources", roles=ALL_ROLES),
    Route("readiness:resource_create", roles=LOGISTICS),
    Route("readiness:resource", roles=ALL_ROLES, kwargs=resource_kwargs),
    Route("readiness:resource_edit", roles=LOGISTICS, kwargs=resource_kwargs),
    # An empty form: the command gets through to its 400, the others are refused first.
    Route("readiness:resource_assign", roles=LOGISTICS, kwargs=resource_kwargs, method="POST"),
    Route("readiness:resource_return", roles=LOGISTICS, kwargs=resource_kwargs, method="POST"),
    Route("readiness:resource_check", roles=LOGISTICS, kwargs=resource_kwargs, method="POST"),
    Route("readiness:resource_repair", roles=LOGISTICS, kwargs=resource_kwargs, method="POST"),
    Route("readiness:import_upload", roles=LOGISTICS),
    Route("readiness:import_preview", roles=LOGISTICS, kwargs=import_kwargs),
    Route("readiness:catalogue", roles=ALL_ROLES),
    Route("readiness:catalogue_install", roles=LOGISTICS, method="POST"),
    Route("readiness:kind_create", roles=LOGISTICS),
    Route("readiness:type_create", roles=LOGISTICS),
    Route("readiness:type_edit", roles=LOGISTICS, kwargs=type_kwargs),
    Route("readiness:comms", roles=ALL_ROLES),
    Route("readiness:comms_print", roles=ALL_ROLES),
    Route("readiness:channel_create", roles=LOGISTICS),
    Route("readiness:channel_edit", roles=LOGISTICS, kwargs=channel_kwargs),
    Route("readiness:channel_delete", roles=LOGISTICS, kwargs=channel_kwargs),
    Route("readiness:medical", roles=ALL_ROLES),
    Route("readiness:medical_print", roles=ALL_ROLES),
    Route("readiness:hospital_edit", roles=LOGISTICS, kwargs=hospital_kwargs),
    Route("readiness:safety", roles=ALL_ROLES),
    Route("readiness:safety_create", roles=LOGISTICS),
    Route("readiness:safety_print", roles=ALL_ROLES, kwargs=safety_kwargs),
    Route("readiness:safety_edit", roles=LOGISTICS, kwargs=safety_kwargs),
    Route("readiness:safety_approve", roles=APPROVERS, kwargs=safety_kwargs, method="POST"),
    Route("api:readiness_places", roles=ALL_ROLES, anonymous="401"),
]
