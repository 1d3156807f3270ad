"""The write path for the event's retention policy (``events.retention``).

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import record
from garrison.core.errors import DomainError
from garrison.events.models import (
    Event,
    RetentionPolicy,
)
from garrison.events.retention import KIND_KEYS, latest_purge_on, policy_for
from garrison.events.roles import RETENTION_EDITORS
from garrison.events.services.common import actor as _actor

# --- Retention policy ---------------------------------------------------------------------------


@dataclass
class RetentionData:
    purge_on: dt.date
    kinds: list[str]


def retention_summary(policy: RetentionPolicy) -> dict[str, Any]:
    # Dates and kind keys only: the policy holds no personal data, and its audit entry neither.
    return {"purge_on": policy.purge_on, "kinds": list(policy.kinds)}


def set_retention(membership: Membership, data: RetentionData) -> RetentionPolicy:
    """Set when the event's personal data is purged and which kinds; the commander only."""
    require_role(membership, RETENTION_EDITORS)
    unknown = set(data.kinds) - set(KIND_KEYS)
    if unknown:
        raise DomainError("invalid_kind", _("Unknown kind of personal data."), field="kinds")
    kinds = [key for key in KIND_KEYS if key in data.kinds]
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=membership.event_id)
        if data.purge_on <= event.ends_on:
            raise DomainError(
                "purge_before_end",
                _("The purge date must be after the event ends (%(date)s).")
                % {"date": formats.date_format(event.ends_on, "SHORT_DATE_FORMAT")},
                field="purge_on",
            )
        latest = latest_purge_on(event)
        if data.purge_on > latest:
            raise DomainError(
                "purge_too_late",
                _(
                    "The purge date can be at most two years after the event ends "
                    "(%(date)s at the latest)."
                )
                % {"date": formats.date_format(latest, "SHORT_DATE_FORMAT")},
                field="purge_on",
            )
        policy = policy_for(event)
        before = retention_summary(policy)
        policy.purge_on, policy.kinds = data.purge_on, kinds
        policy.save()
        record(
            _actor(membership),
            "events.retention.updated",
            policy,
            event_id=event.pk,
            object_repr=str(event),
            before=before,
            after=retention_summary(policy),
        )
    # No live event: nothing on any open page shows the policy but its own page and the
    # dashboard line, which the next load reads.
    return policy
