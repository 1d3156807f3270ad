"""The write path for categories and their zone grants (the category × zone matrix).

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
People, photos and per-person changes are in ``people.services``; imports in ``imports``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.live_events import (
    CATEGORY_CREATED,
    CATEGORY_DELETED,
    CATEGORY_UPDATED,
    GRANT_CHANGED,
)
from garrison.accreditation.models import Category, CategoryGrant, Window
from garrison.accreditation.roles import OFFICERS
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Zone

_CODE = re.compile(r"^[A-Z0-9_-]{1,16}$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str:
    # One line, single spaces: names print on badges.
    return validate.text(value, field, max_length=max_length, required=required, one_line=True)


# --- Categories ---------------------------------------------------------------------------------


@dataclass
class CategoryData:
    code: str
    name: str
    color: str = "#1d4ed8"
    is_vehicle: bool = False
    order: int = 0


def category_summary(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name": category.name,
        "color": category.color,
        "is_vehicle": category.is_vehicle,
        "order": category.order,
    }


def _clean_category(data: CategoryData) -> CategoryData:
    code = (data.code or "").strip().upper()
    if not _CODE.match(code):
        raise DomainError(
            "invalid_code",
            _("Use 1 to 16 capital letters, digits, hyphens or underscores."),
            field="code",
        )
    if not _COLOR.match(data.color or ""):
        raise DomainError("invalid_color", _("Give a colour as #RRGGBB."), field="color")
    if not 0 <= data.order <= 10_000:
        raise DomainError("out_of_range", _("The value is out of range."), field="order")
    return CategoryData(
        code,
        text(data.name, "name", max_length=120),
        data.color.lower(),
        data.is_vehicle,
        data.order,
    )


def _unique_code(membership: Membership, code: str, exclude: int | None = None) -> None:
    taken = Category.objects.filter(event_id=membership.event_id, code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(
            "duplicate_code", _("Another category already has this code."), field="code"
        )


def create_category(membership: Membership, data: CategoryData) -> Category:
    require_role(membership, OFFICERS)
    data = _clean_category(data)
    with transaction.atomic():
        _unique_code(membership, data.code)
        category = Category.objects.create(event_id=membership.event_id, **data.__dict__)
        record(
            actor(membership),
            "accreditation.category.created",
            category,
            event_id=membership.event_id,
            after=category_summary(category),
        )
        CATEGORY_CREATED.emit(membership.event, {"id": category.pk})
    return category


def update_category(membership: Membership, category: Category, data: CategoryData) -> Category:
    require_role(membership, OFFICERS)
    data = _clean_category(data)
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(
            pk=category.pk, event_id=membership.event_id
        )
        _unique_code(membership, data.code, exclude=locked.pk)
        before = category_summary(locked)
        for name, value in data.__dict__.items():
            setattr(locked, name, value)
        locked.save()
        record(
            actor(membership),
            "accreditation.category.updated",
            locked,
            event_id=membership.event_id,
            before=before,
            after=category_summary(locked),
        )
        CATEGORY_UPDATED.emit(membership.event, {"id": locked.pk})
    return locked


def delete_category(membership: Membership, category: Category) -> None:
    require_role(membership, OFFICERS)
    with transaction.atomic():
        before = category_summary(category)
        pk = category.pk
        try:
            with transaction.atomic():
                category.delete()
        except ProtectedError as exc:
            raise DomainError(
                "category_in_use",
                _("People still hold this category; move them to another one first."),
                status=409,
            ) from exc
        record(
            actor(membership),
            "accreditation.category.deleted",
            None,
            event_id=membership.event_id,
            object_type="accreditation.category",
            object_id=str(pk),
            object_repr=before["name"],
            before=before,
        )
        CATEGORY_DELETED.emit(membership.event, {"id": pk})


# --- Grants (matrix cells) ----------------------------------------------------------------------


@dataclass
class WindowData:
    first_day: dt.date
    last_day: dt.date
    daily_start: dt.time | None = None
    daily_end: dt.time | None = None


def window_summary(grant: Window) -> dict[str, Any]:
    return {
        "first_day": grant.first_day,
        "last_day": grant.last_day,
        "daily_start": grant.daily_start,
        "daily_end": grant.daily_end,
    }


def clean_window(membership: Membership, data: WindowData) -> WindowData:
    """Days in order and inside the event; daily hours both given (start before end) or neither."""
    event = membership.event
    if data.last_day < data.first_day:
        raise DomainError(
            "invalid_days", _("The last day cannot be before the first day."), field="last_day"
        )
    # A few days either side of the event: set-up crews and rehearsals come early.
    slack = dt.timedelta(days=30)
    if data.first_day < event.starts_on - slack or data.last_day > event.ends_on + slack:
        raise DomainError(
            "days_outside_event",
            _("The days must be within 30 days of the event."),
            field="first_day",
        )
    if (data.daily_start is None) != (data.daily_end is None):
        raise DomainError(
            "invalid_hours",
            _("Give both daily times, or neither for the whole day."),
            field="daily_end",
        )
    if (
        data.daily_start is not None
        and data.daily_end is not None
        and data.daily_end <= data.daily_start
    ):
        raise DomainError(
            "invalid_hours", _("The daily end must be after the start."), field="daily_end"
        )
    return data


def zone_of_event(membership: Membership, zone_id: int) -> Zone:
    zone = Zone.objects.filter(pk=zone_id, event_id=membership.event_id).first()
    if zone is None:
        raise DomainError("unknown_zone", _("Not a zone of this event."), field="zone")
    return zone


def set_category_grant(
    membership: Membership, category: Category, zone_id: int, window: WindowData | None
) -> CategoryGrant | None:
    """Open ``zone`` to ``category`` in ``window``; ``None`` closes it. One matrix cell."""
    require_role(membership, OFFICERS)
    if category.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    zone = zone_of_event(membership, zone_id)
    if window is not None:
        window = clean_window(membership, window)
    with transaction.atomic():
        existing = CategoryGrant.objects.select_for_update().filter(category=category, zone=zone)
        current = existing.first()
        before = window_summary(current) if current else None
        if window is None:
            if current is None:
                return None
            current.delete()
            grant = None
        else:
            grant, _created = CategoryGrant.objects.update_or_create(
                category=category, zone=zone, defaults=window.__dict__
            )
        from garrison.accreditation.credentials.services import reissue_category

        reissued = reissue_category(membership, category.pk)
        record(
            actor(membership),
            "accreditation.grant.changed",
            category,
            event_id=membership.event_id,
            before={"zone": zone.code, "window": before},
            after={
                "zone": zone.code,
                "window": window_summary(grant) if grant else None,
                "badges_reissued": reissued,
            },
        )
        GRANT_CHANGED.emit(
            membership.event,
            {"category": category.pk, "zone": zone.pk},
        )
    return grant


def matrix(
    membership: Membership,
) -> tuple[list[Category], list[Zone], dict[tuple[int, int], CategoryGrant]]:
    """Categories (rows), zones (columns) and the grant in each cell, for the matrix screen."""
    require_role(membership, OFFICERS)
    categories = list(Category.objects.filter(event_id=membership.event_id))
    zones = list(Zone.objects.filter(event_id=membership.event_id).order_by("code"))
    grants = {
        (g.category_id, g.zone_id): g
        for g in CategoryGrant.objects.filter(category__event_id=membership.event_id)
    }
    return categories, zones, grants
