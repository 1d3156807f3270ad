"""The write path of the action plan: its objectives, what blocks publishing, the purge of
the stored packets, and checking a copy in hand. Publishing itself is a job on the task queue
(``publishing``): it builds the packet from the live data, stores its bytes, puts their SHA-256
in the audit chain and signs the digest with the event's key in force. It is refused while a
resource placed somewhere (an assignment of the inventory) is out of service, in maintenance or
expired: a plan must not send anyone to rely on it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.accreditation.credentials.event_keys import bytes_signed
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.events.models import Event
from garrison.readiness.models import Resource, ResourceStatus
from garrison.readiness.safety.services import current_period
from garrison.reports import snapshot
from garrison.reports.models import ActionPlan, PublishedPlan
from garrison.reports.roles import WRITERS


def plan_for(event: Event, at: dt.datetime | None = None) -> ActionPlan:
    """The action plan of the operational period holding ``at`` (now), made empty on first use."""
    starts, ends = current_period(event, at)
    plan, _made = ActionPlan.objects.get_or_create(
        event=event, period_starts=starts, defaults={"period_ends": ends}
    )
    return plan


def save_objectives(membership: Membership, plan: ActionPlan, objectives: str) -> ActionPlan:
    require_role(membership, WRITERS)
    plan.objectives = validate.text(objectives, "objectives", max_length=6000, required=False)
    with transaction.atomic():
        plan.save(update_fields=["objectives", "updated"])
        record(
            Actor.of_user(membership.user),
            "reports.plan.objectives",
            plan,
            event_id=membership.event_id,
            after={"length": len(plan.objectives)},
        )
    return plan


def blockers(plan: ActionPlan) -> list[Resource]:
    """Resources placed at a site, zone or post that are not usable on the period's first day."""
    first_day = timezone.localdate(plan.period_starts, plan.event.tzinfo)
    placed = Q(site__isnull=False) | Q(zone__isnull=False) | Q(post__isnull=False)
    unusable = ~Q(status=ResourceStatus.IN_SERVICE) | Q(expires_on__lt=first_day)
    return list(
        Resource.objects.filter(placed, unusable, event=plan.event)
        .select_related("type", "site", "zone", "post")
        .order_by("type__name", "identifier")
    )


def erase_packets(event_id: int, limit: int) -> int:
    """The purge's part (reports/personal.py): empty at most ``limit`` stored packets, which
    name members; their digests and signatures stay. Returns how many it emptied."""
    found = list(
        PublishedPlan.objects.filter(event_id=event_id)
        .exclude(pdf=b"")
        .only("pk", "snapshot")[:limit]
    )
    with transaction.atomic():
        for published in found:
            # The snapshot names the same members (ICS 204): their names go with the PDF.
            content = snapshot.redact(published.snapshot) if published.snapshot else None
            PublishedPlan.objects.filter(pk=published.pk).update(pdf=b"", snapshot=content)
    return len(found)


@dataclass(frozen=True)
class Verdict:
    published: PublishedPlan | None

    @property
    def ok(self) -> bool:
        return self.published is not None


def verify_bytes(event: Event, body: bytes) -> Verdict:
    """Whether ``body`` is, byte for byte, a version of ``event``'s plan that it signed."""
    digest = hashlib.sha256(body).hexdigest()
    for found in PublishedPlan.objects.filter(event=event, sha256=digest).select_related("plan"):
        if bytes_signed(event, found.key_id, bytes.fromhex(digest), bytes(found.signature)):
            return Verdict(found)
    return Verdict(None)
