"""The write path of inspections: checklist templates, results, failed items → tasks.

The command keeps the templates. An inspection is recorded by the command, or by a unit
commander for a unit of their subtree (the unit that will fix what fails); every member reads
them (``queries``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, char_counts, record
from garrison.core import validate
from garrison.core.errors import DomainError, NotFound
from garrison.events.models import Site
from garrison.forces.models import Unit
from garrison.planning.inspections.models import (
    ChecklistKind,
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    ItemResult,
)
from garrison.planning.live_events import (
    CHECKLIST_CREATED,
    CHECKLIST_UPDATED,
    INSPECTION_CREATED,
    INSPECTION_RECORDED,
)
from garrison.planning.roles import PLANNERS
from garrison.planning.tasks import services as task_services
from garrison.planning.tasks.models import Task, TaskStatus

MAX_ITEMS = 200
# A failed item's task is due this soon: fixes before the event, not after it.
FIX_WITHIN = dt.timedelta(hours=72)


def _actor(membership: Membership) -> Actor:
    return Actor.of_user(membership.user)


# --- Templates ---------------------------------------------------------------------------------


@dataclass
class TemplateData:
    name: str
    kind: str
    items: list[str]


def _clean_template(data: TemplateData) -> TemplateData:
    items = [
        validate.text(i, "items", max_length=300, one_line=True) for i in data.items if i.strip()
    ]
    if not items:
        raise DomainError("no_items", _("A checklist needs at least one item."), field="items")
    if len(items) > MAX_ITEMS:
        raise DomainError(
            "too_many_items", _("At most %(n)d items.") % {"n": MAX_ITEMS}, field="items"
        )
    return TemplateData(
        name=validate.text(data.name, "name", max_length=200, one_line=True),
        kind=validate.choice(data.kind, ChecklistKind, "kind"),
        items=items,
    )


def save_template(
    membership: Membership, data: TemplateData, template: ChecklistTemplate | None = None
) -> ChecklistTemplate:
    require_role(membership, PLANNERS)
    data = _clean_template(data)
    taken = ChecklistTemplate.objects.filter(event_id=membership.event_id, name=data.name)
    if template is not None:
        taken = taken.exclude(pk=template.pk)
    if taken.exists():
        raise DomainError("duplicate", _("A checklist with this name exists."), field="name")
    with transaction.atomic():
        before = None
        if template is None:
            template = ChecklistTemplate(event_id=membership.event_id)
        else:
            template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
            before = {"name": template.name, "kind": template.kind, "items": template.items}
        template.name, template.kind, template.items = data.name, data.kind, data.items
        template.save()
        action = "planning.checklist.updated" if before else "planning.checklist.created"
        record(
            _actor(membership),
            action,
            template,
            event_id=membership.event_id,
            before=before,
            after=data.__dict__,
        )
        kind = CHECKLIST_UPDATED if before else CHECKLIST_CREATED
        kind.emit(membership.event, {"id": template.pk, "name": template.name})
    return template


def standard_checklists() -> list[TemplateData]:
    """The standard checklists an event starts from; planners edit them to suit each site.

    Written in the active language when installed, so a Vietnamese planner gets Vietnamese items.
    """
    return [
        TemplateData(
            _("Venue fire safety"),
            ChecklistKind.FIRE_SAFETY,
            [
                _("Emergency exits marked, lit and unobstructed"),
                _("Fire extinguishers present, charged and inspected"),
                _("Fire alarm and sprinklers tested"),
                _("Evacuation plan posted at each floor"),
                _("Fire brigade access road kept clear"),
                _("Electrical panels closed and free of stored material"),
            ],
        ),
        TemplateData(
            _("Hotel security survey"),
            ChecklistKind.HOTEL_SURVEY,
            [
                _("Delegation floors can be closed off"),
                _("CCTV covers entrances, lifts and corridors"),
                _("Staff list checked and staff accredited"),
                _("Service entrances controlled"),
                _("Guest room keys and master keys controlled"),
                _("Secure room available for the duty desk"),
            ],
        ),
        TemplateData(
            _("Parking"),
            ChecklistKind.PARKING,
            [
                _("Delegation parking separated from public parking"),
                _("Vehicle search area set up"),
                _("Entrances and exits controlled"),
                _("Lighting adequate at night"),
                _("Tow truck on call"),
            ],
        ),
        TemplateData(
            _("Kitchen"),
            ChecklistKind.KITCHEN,
            [
                _("Kitchen staff vetted and accredited"),
                _("Food deliveries checked and logged"),
                _("Food samples kept for 24 hours"),
                _("Gas supply and shut-off valves checked"),
                _("Access to the kitchen restricted"),
            ],
        ),
    ]


def install_standard_templates(membership: Membership) -> int:
    """Add the standard checklists this event does not have yet (by name); how many were added."""
    require_role(membership, PLANNERS)
    have = set(
        ChecklistTemplate.objects.filter(event_id=membership.event_id).values_list(
            "name", flat=True
        )
    )
    added = 0
    with transaction.atomic():
        for data in standard_checklists():
            if data.name not in have:
                save_template(membership, data)
                added += 1
    return added


# --- Inspections -------------------------------------------------------------------------------


@dataclass
class InspectionData:
    site_id: int
    template_id: int
    inspected_at: dt.datetime
    title: str = ""
    inspector_id: int | None = None
    unit_id: int | None = None
    notes: str = ""


def create_inspection(membership: Membership, data: InspectionData) -> Inspection:
    task_services.require_planner_of(membership, data.unit_id)
    event_id = membership.event_id
    site = Site.objects.filter(pk=data.site_id, event_id=event_id).first()
    if site is None:
        raise DomainError("invalid_site", _("Choose a site of this event."), field="site_id")
    template = ChecklistTemplate.objects.filter(pk=data.template_id, event_id=event_id).first()
    if template is None:
        raise DomainError(
            "invalid_template", _("Choose a checklist of this event."), field="template_id"
        )
    if (
        data.unit_id is not None
        and not Unit.objects.filter(pk=data.unit_id, event_id=event_id).exists()
    ):
        raise DomainError("invalid_unit", _("Choose a unit of this event."), field="unit_id")
    if (
        data.inspector_id is not None
        and not Membership.objects.filter(event_id=event_id, user_id=data.inspector_id).exists()
    ):
        raise DomainError(
            "invalid_inspector",
            _("The inspector must be a member of this event."),
            field="inspector_id",
        )
    if not isinstance(data.inspected_at, dt.datetime) or data.inspected_at.tzinfo is None:
        raise DomainError("naive_time", _("Times must carry a time zone."), field="inspected_at")
    title = validate.text(data.title, "title", max_length=200, required=False, one_line=True)
    notes = validate.text(data.notes, "notes", max_length=5000, required=False)
    with transaction.atomic():
        inspection = Inspection.objects.create(
            event_id=event_id,
            site=site,
            template=template,
            title=title or f"{template.name} — {site.name}"[:200],
            inspected_at=data.inspected_at,
            inspector_id=data.inspector_id,
            unit_id=data.unit_id,
            notes=notes,
        )
        InspectionItem.objects.bulk_create(
            InspectionItem(inspection=inspection, position=n, text=text)
            for n, text in enumerate(template.items, start=1)
        )
        record(
            _actor(membership),
            "planning.inspection.created",
            inspection,
            event_id=event_id,
            after={"site_id": site.pk, "template_id": template.pk, "unit_id": data.unit_id},
        )
        INSPECTION_CREATED.emit(membership.event, {"id": inspection.pk})
    return inspection


def record_results(
    membership: Membership, inspection: Inspection, results: dict[int, tuple[str, str]]
) -> int:
    """Set ``{item id: (result, notes)}`` for items of this inspection; how many changed."""
    task_services.require_planner_of(membership, inspection.unit_id)
    items = {item.pk: item for item in inspection.items.all()}
    if set(results) - set(items):
        raise DomainError("invalid_item", _("Choose items of this inspection."), field="items")
    cleaned = {
        pk: (
            validate.choice(result, ItemResult, "result"),
            validate.text(notes, "notes", max_length=2000, required=False),
        )
        for pk, (result, notes) in results.items()
    }
    changed: list[InspectionItem] = []
    diff: dict[str, Any] = {}
    for pk, (result, notes) in cleaned.items():
        item = items[pk]
        if (item.result, item.notes) != (result, notes):
            diff[str(pk)] = {"before": item.result, "after": result, **char_counts(notes=notes)}
            item.result, item.notes = result, notes
            changed.append(item)
    if not changed:
        return 0
    with transaction.atomic():
        InspectionItem.objects.bulk_update(changed, ["result", "notes"])
        record(
            _actor(membership),
            "planning.inspection.recorded",
            inspection,
            event_id=membership.event_id,
            after={"items": diff},
        )
        INSPECTION_RECORDED.emit(membership.event, {"id": inspection.pk})
    return len(changed)


def fix_deadline(membership: Membership) -> dt.datetime:
    start, end = task_services.event_window(membership)
    return max(start, min(timezone.now() + FIX_WITHIN, end))


def task_for_item(membership: Membership, inspection: Inspection, item_id: int) -> Task:
    """One click: a failed item becomes a task for the inspection's unit, owned by its inspector.

    With all four clears known the task is open; otherwise it is a draft for a planner to finish.
    """
    task_services.require_planner_of(membership, inspection.unit_id)
    with transaction.atomic():
        item = (
            InspectionItem.objects.select_for_update()
            .filter(inspection=inspection, pk=item_id)
            .first()
        )
        if item is None:
            raise NotFound(_("No such item in this inspection."))
        if item.result != ItemResult.FAIL:
            raise DomainError("not_failed", _("Only a failed item becomes a task."), field="item")
        if item.task_id is not None:
            raise DomainError("already_tasked", _("This item already has a task."), field="item")
        site = inspection.site.name if inspection.site else ""
        data = task_services.TaskData(
            title=f"{site}: {item.text}"[:200] if site else item.text[:200],
            deliverable=_("Fixed; the item passes when inspected again."),
            owner_id=inspection.inspector_id,
            unit_id=inspection.unit_id,
            deadline=fix_deadline(membership),
            site_id=inspection.site_id,
            priority="high",
        )
        complete = None not in (data.owner_id, data.unit_id)
        status = TaskStatus.OPEN if complete else TaskStatus.DRAFT
        task = task_services.create_task(membership, data, status=status)
        if item.notes:
            # The inspector's words go on the task as its first comment, not in its
            # deliverable: the plan outlives the purge, free text does not (retention policy).
            task_services.add_comment(membership, task, item.notes)
        item.task = task
        item.save(update_fields=["task"])
        record(
            _actor(membership),
            "planning.inspection.item_tasked",
            inspection,
            event_id=membership.event_id,
            after={"item_id": item.pk, "task_id": task.pk},
        )
    return task
