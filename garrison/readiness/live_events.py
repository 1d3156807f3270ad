"""Readiness's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import Ref, declare


class ResourceChanged(TypedDict):
    id: int
    type_id: int
    action: str  # the history's action: created, assigned, returned, checked, repaired, edited
    status: str
    place: str  # "site:3", "zone:5", "post:12" or "" in store


class AlertRaised(TypedDict):
    resource: int
    kind: str  # expiry or inspection
    kind_label: str
    due: str  # ISO date
    label: str  # the item as the page names it: type and identifier


class ImportConfirmed(TypedDict):
    created: int


RESOURCE_CHANGED = declare("readiness.resource.changed", ResourceChanged)
REQUIREMENT_CHANGED = declare("readiness.requirement.changed", Ref)
ALERT_RAISED = declare("readiness.alert.raised", AlertRaised)
IMPORT_CONFIRMED = declare("readiness.import.confirmed", ImportConfirmed)
