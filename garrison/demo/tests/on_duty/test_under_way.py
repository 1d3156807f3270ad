"""The demo lies in the present: loaded today, the congress is under way (the rest of what its
placement on the day it runs means: ``garrison/demo/tests/test_placement.py``)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from garrison.demo import events as demo_events
from garrison.events.models import Event
from garrison.forces.models import Assignment
from garrison.ops.models import Incident
from garrison.ops.tips.services import tip_events

pytestmark = pytest.mark.django_db


def test_under_way_the_shift_is_on_duty_incidents_are_live_and_tips_open() -> None:
    call_command("load_demo", "--quiet-qr", "--only", "forces,posts,ops", stdout=StringIO())
    event = Event.objects.get(slug=demo_events.EVENT_SLUG)
    now = timezone.now()
    on_duty = Assignment.objects.filter(event=event, starts_at__lte=now, ends_at__gt=now)
    assert on_duty.exists()
    live = Incident.objects.filter(event=event).exclude(status__in=["closed", "cancelled"])
    assert live.exists()
    assert all(abs(i.received_at - now) < dt.timedelta(hours=1) for i in live)
    assert event in tip_events()
