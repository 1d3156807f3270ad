"""The editable list of incident types, seeded for every new event."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.validate import text as clean_text
from garrison.events.models import Event
from garrison.ops.models import IncidentType
from garrison.ops.roles import TYPE_EDITORS

# ARCHITECTURE.md: an incident is a safety or security event, never a person's views.
DEFAULT_TYPES: list[tuple[str, str]] = [
    ("fire", gettext_noop("Fire")),
    ("medical", gettext_noop("Medical")),
    ("crime", gettext_noop("Crime")),
    ("suspicious_object", gettext_noop("Suspicious object")),
    ("crowd", gettext_noop("Crowd")),
    ("traffic", gettext_noop("Traffic")),
    ("infrastructure", gettext_noop("Infrastructure")),
    ("lost_person", gettext_noop("Lost person")),
    ("other", gettext_noop("Other")),
]


def type_for_code(event: Event, code: str) -> IncidentType:
    """The event's active type ``code``, else its "other", else its first; 404 when it has none
    (a report must still land somewhere when the desk has renamed or retired a type)."""
    # One query for the event's short list, then chosen here: this runs for every tip.
    kinds = {k.code: k for k in IncidentType.objects.filter(event=event, active=True)}
    first = min(kinds.values(), key=lambda k: (k.order, k.name, k.pk), default=None)
    fallback = kinds.get(code) if code else None
    fallback = fallback or kinds.get("other") or first
    if fallback is None:
        raise DomainError("no_types", _("This event does not take reports now."), status=404)
    return fallback


def seed_default_types(event: Event) -> None:
    """Give ``event`` the standard list; idempotent.

    Not audited: it is the starting configuration of a new event, like a migration, and every
    later edit of the list is.
    """
    # One statement for the whole list: every new event (and so every test's) pays for it.
    # A code the event already has is kept as it is (the unique (event, code) pair).
    IncidentType.objects.bulk_create(
        [
            IncidentType(event=event, code=code, name=name, order=(order + 1) * 10)
            for order, (code, name) in enumerate(DEFAULT_TYPES)
        ],
        ignore_conflicts=True,
    )


def _on_event_saved(sender: type[Event], instance: Event, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        seed_default_types(instance)


def connect() -> None:
    post_save.connect(_on_event_saved, sender=Event, dispatch_uid="ops.seed_default_types")


def type_summary(kind: IncidentType) -> dict[str, Any]:
    return {"code": kind.code, "name": kind.name, "active": kind.active, "order": kind.order}


def _clean(code: str, name: str) -> tuple[str, str]:
    code = clean_text(code, "code", max_length=32).lower()
    if not code.replace("_", "").replace("-", "").isalnum() or not code.isascii():
        raise DomainError("invalid_code", _("Use letters, digits, - and _ only."), field="code")
    return code, clean_text(name, "name", max_length=120)


def create_type(membership: Membership, code: str, name: str, order: int = 100) -> IncidentType:
    require_role(membership, TYPE_EDITORS)
    code, name = _clean(code, name)
    try:
        with transaction.atomic():
            kind = IncidentType.objects.create(
                event_id=membership.event_id, code=code, name=name, order=max(0, min(order, 999))
            )
            record(
                Actor.of_user(membership.user),
                "ops.incident_type.created",
                kind,
                event_id=membership.event_id,
                after=type_summary(kind),
            )
    except IntegrityError as exc:
        raise DomainError(
            "duplicate", _("A type with this code already exists."), status=409, field="code"
        ) from exc
    return kind


def update_type(
    membership: Membership, kind: IncidentType, name: str, active: bool, order: int
) -> IncidentType:
    """The code stays: filters, statistics and the API refer to it."""
    require_role(membership, TYPE_EDITORS)
    name = clean_text(name, "name", max_length=120)
    with transaction.atomic():
        before = type_summary(kind)
        kind.name, kind.active, kind.order = name, active, max(0, min(order, 999))
        kind.save()
        record(
            Actor.of_user(membership.user),
            "ops.incident_type.updated",
            kind,
            event_id=membership.event_id,
            before=before,
            after=type_summary(kind),
        )
    return kind
