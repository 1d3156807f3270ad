"""The demo's patrols: tours around the venue and the hotels, and a round just missed that is on
the desk as an incident; a second load adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from garrison.ops.models import Incident, Source
from garrison.patrols.models import Point, Round, Tour, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_patrols_load_once_with_a_missed_round_on_the_desk() -> None:
    for _ in range(2):
        call_command("load_demo", "--quiet-qr", "--only", "patrols", stdout=StringIO())
    assert Tour.objects.count() == 2
    assert Point.objects.count() == 8
    missed = Round.objects.filter(state=Round.State.MISSED)
    assert missed.count() >= 1  # rounds of the last two hours
    assert len(missed.filter(visits__isnull=False).distinct().get().missing) == 2
    assert Visit.objects.count() == 2
    assert Incident.objects.filter(source=Source.PATROL).count() == missed.count()
