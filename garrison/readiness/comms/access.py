"""Reads of the communications plan: a channel of the event, for one of its members."""

from __future__ import annotations

from django.http import Http404

from garrison.accounts.access import membership_for
from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.readiness.comms.models import Channel


def access_channel_by_id(user: User, event: Event, channel_id: int) -> Channel:
    """A channel of this event; 404 for anyone not a member, or another event's channel."""
    if membership_for(user, event) is None:
        raise Http404
    found = Channel.objects.filter(pk=channel_id, event=event).first()
    if found is None:
        raise Http404
    return found
