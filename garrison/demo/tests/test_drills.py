"""The demo's rehearsal: a script of the congress with its injects, and a drill ready to run."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from garrison.demo import drills as drills_demo
from garrison.demo.drills import NAME
from garrison.demo.report import LoadReport
from garrison.drills.models import Drill, DrillScript, DrillState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_the_congress_rehearsal_script_and_a_drill_ready_once() -> None:
    call_command("load_demo", "--quiet-qr", "--only", "drills", stdout=StringIO())
    script = DrillScript.objects.get(name=NAME)
    again = LoadReport(event=script.event)
    drills_demo.load(again)  # a second load keeps what is there
    assert again.kept["drill script"] == 1 and DrillScript.objects.count() == 1
    assert script.injects.filter(contingency_of__isnull=True).count() == 6
    assert script.injects.filter(contingency_of__isnull=False).count() == 1
    assert script.objectives.count() == 3
    assert script.injects.filter(zone__code="PRESS").exists()
    drill = Drill.objects.get(script=script)
    assert drill.state == DrillState.READY and drill.releases.count() == 6
