"""Every read of resources, scoped to the event and, for unit-scoped roles, to the items their
units hold. Another event's or another unit's item answers 404, like one that does not exist."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import Membership, User
from garrison.accounts.scope import filter_by_unit
from garrison.events.models import Event
from garrison.readiness.models import ImportBatch, Requirement, Resource, ResourceType


def _membership(user: User, event: Event) -> Membership:
    membership = membership_for(user, event)
    if membership is None:
        raise Http404
    return membership


def visible_resources(membership: Membership) -> QuerySet[Resource]:
    """The items this member may see: the whole event's, or those of their unit's subtree."""
    resources = Resource.objects.filter(event_id=membership.event_id)
    return filter_by_unit(resources, membership, field="owner_unit_id")


def access_resource_by_id(user: User, event: Event, resource_id: int) -> Resource:
    resource = (
        visible_resources(_membership(user, event))
        .select_related("type__kind", "owner_unit", "site", "zone", "post")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def access_type_by_id(user: User, event: Event, type_id: int) -> ResourceType:
    _membership(user, event)
    found = ResourceType.objects.select_related("kind").filter(pk=type_id, event=event).first()
    if found is None:
        raise Http404
    return found


def access_requirement_by_id(user: User, event: Event, requirement_id: int) -> Requirement:
    _membership(user, event)
    found = (
        Requirement.objects.select_related("type", "site", "zone", "post")
        .filter(pk=requirement_id, event=event)
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_import_by_id(user: User, event: Event, batch_id: int) -> ImportBatch:
    _membership(user, event)
    found = ImportBatch.objects.filter(pk=batch_id, event=event).first()
    if found is None:
        raise Http404
    return found
