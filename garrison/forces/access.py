"""Every read of the command tree, scoped to the event and to the member's unit subtree.

A unit (or member) of another event, or outside a unit commander's subtree, is 404 exactly like
one that does not exist: nothing leaks about the rest of the tree.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import Membership, User
from garrison.accounts.scope import filter_by_unit, unit_scope
from garrison.events.models import Event
from garrison.forces.models import ForceMember, Post, Qualification, Unit


def _membership(user: User, event: Event) -> Membership:
    membership = membership_for(user, event)
    if membership is None:
        raise Http404
    return membership


def visible_units(membership: Membership) -> QuerySet[Unit]:
    """The units this membership may see: the whole event, or its unit's subtree."""
    units = Unit.objects.filter(event_id=membership.event_id)
    return filter_by_unit(units, membership, field="id")


def visible_members(membership: Membership) -> QuerySet[ForceMember]:
    members = ForceMember.objects.filter(event_id=membership.event_id)
    return filter_by_unit(members, membership, field="unit_id")


def in_scope(membership: Membership, unit_id: int) -> bool:
    scope = unit_scope(membership)
    return scope is None or unit_id in scope


def access_unit_by_id(user: User, event: Event, unit_id: int) -> Unit:
    unit = (
        visible_units(_membership(user, event))
        .select_related("parent", "base_site")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def access_member_by_id(user: User, event: Event, member_id: int) -> ForceMember:
    member = (
        visible_members(_membership(user, event))
        .select_related("unit", "user")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise Http404
    return member


def access_qualification_by_id(user: User, event: Event, qualification_id: int) -> Qualification:
    _membership(user, event)
    qualification = Qualification.objects.filter(pk=qualification_id, event=event).first()
    if qualification is None:
        raise Http404
    return qualification


def access_post_by_id(user: User, event: Event, post_id: int) -> Post:
    _membership(user, event)
    post = Post.objects.filter(pk=post_id, event=event).select_related("site", "zone").first()
    if post is None:
        raise Http404
    return post
