"""The desk's configuration per event: tips open or closed, response-time targets."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.ops.models import OpsSettings
from garrison.ops.roles import SETTINGS_EDITORS


@dataclass
class SettingsData:
    tips_open: bool
    call_processing_seconds: int
    call_processing_percent: int
    turnout_seconds: int
    travel_seconds: int


def settings_summary(row: OpsSettings) -> dict[str, object]:
    return asdict(
        SettingsData(
            row.tips_open,
            row.call_processing_seconds,
            row.call_processing_percent,
            row.turnout_seconds,
            row.travel_seconds,
        )
    )


def update_settings(membership: Membership, data: SettingsData) -> OpsSettings:
    require_role(membership, SETTINGS_EDITORS)
    for field in ("call_processing_seconds", "turnout_seconds", "travel_seconds"):
        if not 1 <= getattr(data, field) <= 3600:
            raise DomainError(
                "invalid_target", _("A target lies between 1 second and 1 hour."), field=field
            )
    if not 1 <= data.call_processing_percent <= 100:
        raise DomainError(
            "invalid_percent",
            _("A share lies between 1 and 100 %."),
            field="call_processing_percent",
        )
    with transaction.atomic():
        row, _created = OpsSettings.objects.select_for_update().get_or_create(
            event_id=membership.event_id
        )
        before = settings_summary(row)
        for key, value in asdict(data).items():
            setattr(row, key, value)
        row.save()
        record(
            Actor.of_user(membership.user),
            "ops.settings.updated",
            row,
            event_id=membership.event_id,
            before=before,
            after=settings_summary(row),
        )
    return row
