"""The write path of the risk register (its reads are in ``risks.queries``).

The command (commanders, planners) keeps the register; every member of the event reads it, as
every unit must know the threats around its post. A risk with no mitigation task is flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Site
from garrison.planning.live_events import RISK_CREATED, RISK_DELETED, RISK_UPDATED, RiskChanged
from garrison.planning.models import Risk, Task
from garrison.planning.risks.models import SCALE
from garrison.planning.roles import PLANNERS
from garrison.planning.tasks import services as task_services


@dataclass
class RiskData:
    threat: str
    likelihood: int
    impact: int
    residual_likelihood: int
    residual_impact: int
    description: str = ""
    site_id: int | None = None
    owner_id: int | None = None
    mitigation_ids: list[int] = field(default_factory=list)


def risk_summary(risk: Risk) -> dict[str, Any]:
    return {
        "threat": risk.threat,
        "description": risk.description,
        "site_id": risk.site_id,
        "owner_id": risk.owner_id,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "residual_likelihood": risk.residual_likelihood,
        "residual_impact": risk.residual_impact,
        "mitigation_ids": sorted(t.pk for t in risk.mitigations.all()) if risk.pk else [],
    }


def _payload(risk: Risk) -> RiskChanged:
    return {"id": risk.pk, "threat": risk.threat, "score": risk.score, "site_id": risk.site_id}


def _scale(value: int, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in SCALE:
        raise DomainError("out_of_scale", _("Choose a value from 1 to 5."), field=name)
    return value


def _clean(membership: Membership, data: RiskData) -> RiskData:
    event_id = membership.event_id
    if (
        data.site_id is not None
        and not Site.objects.filter(pk=data.site_id, event_id=event_id).exists()
    ):
        raise DomainError("invalid_site", _("Choose a site of this event."), field="site_id")
    if (
        data.owner_id is not None
        and not Membership.objects.filter(event_id=event_id, user_id=data.owner_id).exists()
    ):
        raise DomainError(
            "invalid_owner", _("The owner must be a member of this event."), field="owner_id"
        )
    ids = sorted(set(data.mitigation_ids))
    if Task.objects.filter(event_id=event_id, pk__in=ids).count() != len(ids):
        raise DomainError("invalid_task", _("Choose tasks of this event."), field="mitigation_ids")
    return RiskData(
        threat=validate.text(data.threat, "threat", max_length=200, one_line=True),
        description=validate.text(data.description, "description", max_length=5000, required=False),
        likelihood=_scale(data.likelihood, "likelihood"),
        impact=_scale(data.impact, "impact"),
        residual_likelihood=_scale(data.residual_likelihood, "residual_likelihood"),
        residual_impact=_scale(data.residual_impact, "residual_impact"),
        site_id=data.site_id,
        owner_id=data.owner_id,
        mitigation_ids=ids,
    )


def _apply(risk: Risk, data: RiskData) -> None:
    for key, value in data.__dict__.items():
        if key != "mitigation_ids":
            setattr(risk, key, value)


def create_risk(membership: Membership, data: RiskData) -> Risk:
    require_role(membership, PLANNERS)
    data = _clean(membership, data)
    with transaction.atomic():
        risk = Risk(event_id=membership.event_id)
        _apply(risk, data)
        risk.save()
        risk.mitigations.set(data.mitigation_ids)
        record(
            Actor.of_user(membership.user),
            "planning.risk.created",
            risk,
            event_id=membership.event_id,
            after=risk_summary(risk),
        )
        RISK_CREATED.emit(membership.event, _payload(risk))
    return risk


def update_risk(membership: Membership, risk: Risk, data: RiskData) -> Risk:
    require_role(membership, PLANNERS)
    data = _clean(membership, data)
    with transaction.atomic():
        risk = Risk.objects.select_for_update().get(pk=risk.pk, event_id=membership.event_id)
        before = risk_summary(risk)
        _apply(risk, data)
        risk.save()
        risk.mitigations.set(data.mitigation_ids)
        record(
            Actor.of_user(membership.user),
            "planning.risk.updated",
            risk,
            event_id=membership.event_id,
            before=before,
            after=risk_summary(risk),
        )
        RISK_UPDATED.emit(membership.event, _payload(risk))
    return risk


def delete_risk(membership: Membership, risk: Risk) -> None:
    require_role(membership, PLANNERS)
    with transaction.atomic():
        before = risk_summary(risk)
        record(
            Actor.of_user(membership.user),
            "planning.risk.deleted",
            risk,
            event_id=membership.event_id,
            before=before,
        )
        RISK_DELETED.emit(membership.event, {"id": risk.pk})
        risk.delete()


def link_mitigation(membership: Membership, risk: Risk, task: Task) -> None:
    """Tie one more task to a risk (used when a mitigation task is made from the risk's page)."""
    require_role(membership, PLANNERS)
    if task.event_id != risk.event_id:
        raise DomainError("invalid_task", _("Choose tasks of this event."), field="task")
    with transaction.atomic():
        risk.mitigations.add(task)
        record(
            Actor.of_user(membership.user),
            "planning.risk.mitigation_linked",
            risk,
            event_id=membership.event_id,
            after={"task_id": task.pk},
        )
        RISK_UPDATED.emit(membership.event, _payload(risk))


def create_mitigation_task(
    membership: Membership, risk: Risk, data: task_services.TaskData, status: str
) -> Task:
    """A new task tied to the risk it mitigates: both or neither."""
    require_role(membership, PLANNERS)
    with transaction.atomic():
        task = task_services.create_task(membership, data, status=status)
        link_mitigation(membership, risk, task)
    return task
