"""The write path of the catalogue: kinds, types and the standard catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.readiness.catalogue.standard import STANDARD
from garrison.readiness.models import ResourceKind, ResourceType
from garrison.readiness.roles import LOGISTICS


def _code(value: str, field: str = "code") -> str:
    code = validate.text(value, field, max_length=32, one_line=True).upper()
    if any(ch.isspace() for ch in code):
        raise DomainError("bad_code", _("A code has no spaces."), field=field)
    return code


def create_kind(membership: Membership, code: str, name: str) -> ResourceKind:
    require_role(membership, LOGISTICS)
    code = _code(code).lower()
    name = validate.text(name, "name", max_length=120, one_line=True)
    if ResourceKind.objects.filter(event_id=membership.event_id, code=code).exists():
        raise DomainError("code_taken", _("Another kind has this code."), field="code")
    with transaction.atomic():
        kind = ResourceKind.objects.create(event_id=membership.event_id, code=code, name=name)
        record(
            Actor.of_user(membership.user),
            "readiness.kind.created",
            kind,
            event_id=membership.event_id,
            after={"code": code, "name": name},
        )
    return kind


@dataclass
class TypeData:
    kind_id: int | None
    code: str
    name: str
    capability: str = ""
    consumable: bool = False


def type_summary(resource_type: ResourceType) -> dict[str, Any]:
    return {
        "kind_id": resource_type.kind_id,
        "code": resource_type.code,
        "name": resource_type.name,
        "capability": resource_type.capability,
        "consumable": resource_type.consumable,
    }


def _clean_type(membership: Membership, data: TypeData, type_id: int | None) -> TypeData:
    if (
        data.kind_id is None
        or not ResourceKind.objects.filter(event_id=membership.event_id, pk=data.kind_id).exists()
    ):
        raise DomainError("unknown_kind", _("Choose a kind of this event."), field="kind_id")
    code = _code(data.code)
    taken = ResourceType.objects.filter(event_id=membership.event_id, code=code)
    if type_id is not None:
        taken = taken.exclude(pk=type_id)
    if taken.exists():
        raise DomainError("code_taken", _("Another type has this code."), field="code")
    return TypeData(
        kind_id=data.kind_id,
        code=code,
        name=validate.text(data.name, "name", max_length=200, one_line=True),
        capability=validate.text(
            data.capability, "capability", max_length=300, required=False, one_line=True
        ),
        consumable=bool(data.consumable),
    )


def create_type(membership: Membership, data: TypeData) -> ResourceType:
    require_role(membership, LOGISTICS)
    data = _clean_type(membership, data, None)
    with transaction.atomic():
        resource_type = ResourceType.objects.create(event_id=membership.event_id, **data.__dict__)
        record(
            Actor.of_user(membership.user),
            "readiness.type.created",
            resource_type,
            event_id=membership.event_id,
            after=type_summary(resource_type),
        )
    return resource_type


def update_type(
    membership: Membership, resource_type: ResourceType, data: TypeData
) -> ResourceType:
    require_role(membership, LOGISTICS)
    data = _clean_type(membership, data, resource_type.pk)
    if data.consumable != resource_type.consumable and resource_type.resources.exists():
        raise DomainError(
            "type_in_use",
            _("Items of this type exist: it cannot change between counted and itemised."),
            field="consumable",
        )
    with transaction.atomic():
        before = type_summary(resource_type)
        for key, value in data.__dict__.items():
            setattr(resource_type, key, value)
        resource_type.save()
        record(
            Actor.of_user(membership.user),
            "readiness.type.updated",
            resource_type,
            event_id=membership.event_id,
            before=before,
            after=type_summary(resource_type),
        )
    return resource_type


def install_standard_catalogue(membership: Membership) -> int:
    """Add the standard kinds and types the event does not have yet (by code); how many types."""
    require_role(membership, LOGISTICS)
    added = 0
    with transaction.atomic():
        for kind_code, kind_name, types in STANDARD:
            kind, _created = ResourceKind.objects.get_or_create(
                event_id=membership.event_id, code=kind_code, defaults={"name": kind_name}
            )
            known = set(
                ResourceType.objects.filter(event_id=membership.event_id).values_list(
                    "code", flat=True
                )
            )
            for code, name, capability, consumable in types:
                if code in known:
                    continue
                ResourceType.objects.create(
                    event_id=membership.event_id,
                    kind=kind,
                    code=code,
                    name=name,
                    capability=capability,
                    consumable=consumable,
                )
                added += 1
        record(
            Actor.of_user(membership.user),
            "readiness.catalogue.installed",
            event_id=membership.event_id,
            after={"types_added": added},
        )
    return added
