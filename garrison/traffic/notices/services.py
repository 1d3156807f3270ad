"""Official public notices of closures and detours: drafted, published, withdrawn by planners.

Publishing takes a snapshot of the closures it lists (streets, windows, lines, detours): the public
page shows exactly what was published, from one official source, until it is withdrawn or
published again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.traffic.live_events import NOTICE_DRAFTED, NOTICE_PUBLISHED, NOTICE_WITHDRAWN
from garrison.traffic.models import Closure, Notice, NoticeStatus
from garrison.traffic.roles import PLANNERS


def notice_summary(notice: Notice) -> dict[str, Any]:
    return {
        "title": notice.title,
        "title_en": notice.title_en,
        "status": notice.status,
        "closures": sorted(notice.closures.values_list("pk", flat=True)) if notice.pk else [],
        "published_at": notice.published_at,
    }


def snapshot(closures: Sequence[Closure]) -> dict[str, Any]:
    return {
        "closures": [
            {
                "street": c.street,
                "reason": c.reason,
                "starts_at": c.starts_at.isoformat(),
                "ends_at": c.ends_at.isoformat(),
                "line": c.line,
                "detours": [
                    {
                        "direction": d.get("direction"),
                        "found": d.get("found", False),
                        "streets": d.get("streets", []),
                        "extra_seconds": d.get("extra_seconds"),
                        "line": d.get("line", []),
                    }
                    for d in c.detours
                ],
            }
            for c in sorted(closures, key=lambda c: (c.starts_at, c.pk))
        ]
    }


def _closures(membership: Membership, closure_ids: Sequence[int]) -> list[Closure]:
    wanted = {int(pk) for pk in closure_ids}
    found = list(Closure.objects.filter(event_id=membership.event_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise DomainError("invalid_choice", _("Choose closures of this event."), field="closures")
    if not found:
        raise DomainError("required", _("Choose at least one closure."), field="closures")
    return found


def draft_notice(
    membership: Membership,
    *,
    title: str,
    title_en: str = "",
    body: str = "",
    body_en: str = "",
    closure_ids: Sequence[int],
) -> Notice:
    require_role(membership, PLANNERS)
    title = validate.text(title, "title", max_length=200, one_line=True)
    title_en = validate.text(title_en, "title_en", max_length=200, required=False, one_line=True)
    body = validate.text(body, "body", max_length=5000, required=False)
    body_en = validate.text(body_en, "body_en", max_length=5000, required=False)
    closures = _closures(membership, closure_ids)
    with transaction.atomic():
        notice = Notice.objects.create(
            event_id=membership.event_id,
            title=title,
            title_en=title_en,
            body=body,
            body_en=body_en,
            created_by=membership.user,
        )
        notice.closures.set(closures)
        record(
            Actor.of_user(membership.user),
            "traffic.notice.drafted",
            notice,
            event_id=membership.event_id,
            after=notice_summary(notice),
        )
        NOTICE_DRAFTED.emit(membership.event, {"id": notice.pk})
    return notice


def _locked(membership: Membership, notice: Notice) -> Notice:
    require_role(membership, PLANNERS)
    if notice.event_id != membership.event_id:
        raise DomainError("not_found", _("Not found."), status=404)
    return Notice.objects.select_for_update().get(pk=notice.pk)


def publish_notice(
    membership: Membership, notice: Notice, now: dt.datetime | None = None
) -> Notice:
    """Publish (or publish again, with the closures as they are now)."""
    with transaction.atomic():
        locked = _locked(membership, notice)
        before = notice_summary(locked)
        closures = list(locked.closures.all())
        if not closures:
            raise DomainError(
                "no_closures", _("The closures of this notice have been removed."), status=409
            )
        locked.content = snapshot(closures)
        locked.status = NoticeStatus.PUBLISHED
        locked.published_at = now or timezone.now()
        locked.withdrawn_at = None
        locked.save()
        record(
            Actor.of_user(membership.user),
            "traffic.notice.published",
            locked,
            event_id=locked.event_id,
            before=before,
            after=notice_summary(locked),
        )
        NOTICE_PUBLISHED.emit(membership.event, {"id": locked.pk})
    return locked


def withdraw_notice(membership: Membership, notice: Notice) -> Notice:
    with transaction.atomic():
        locked = _locked(membership, notice)
        if locked.status != NoticeStatus.PUBLISHED:
            raise DomainError(
                "not_published", _("Only a published notice can be withdrawn."), status=409
            )
        before = notice_summary(locked)
        locked.status = NoticeStatus.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["status", "withdrawn_at", "updated"])
        record(
            Actor.of_user(membership.user),
            "traffic.notice.withdrawn",
            locked,
            event_id=locked.event_id,
            before=before,
            after=notice_summary(locked),
        )
        NOTICE_WITHDRAWN.emit(membership.event, {"id": locked.pk})
    return locked
