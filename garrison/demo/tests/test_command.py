"""The demo's national command: the congress under a national event beside a smaller province,
one directive sent down to both and one report sent up; a second load adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from garrison.accounts.access import membership_for
from garrison.accounts.models import User
from garrison.command.models import Delivery, Directive, SituationReport
from garrison.demo.command import NATIONAL_SLUG, PROVINCE_SLUG
from garrison.demo.events import EVENT_SLUG
from garrison.events.models import Event
from garrison.planning.tasks.models import TaskStatus

pytestmark = pytest.mark.django_db


def test_the_demo_congress_is_a_sub_event_of_the_national_command() -> None:
    for _ in range(2):
        # The directive's task goes to the congress's top unit: its units, not their members.
        call_command("load_demo", "--quiet-qr", "--only", "units,command", stdout=StringIO())
    national = Event.objects.get(slug=NATIONAL_SLUG)
    congress, province = Event.objects.get(slug=EVENT_SLUG), Event.objects.get(slug=PROVINCE_SLUG)
    assert congress.parent == national and province.parent == national
    assert Directive.objects.filter(event=national).count() == 1
    congress_task = Delivery.objects.get(event=congress).task
    assert congress_task is not None and congress_task.status == TaskStatus.OPEN
    assert SituationReport.objects.filter(parent=national).count() == 1
    chief = User.objects.get(username="national_commander")
    derived = membership_for(chief, congress)
    assert derived is not None and derived.inherited_from_id == national.pk
