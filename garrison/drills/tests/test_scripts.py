"""Scripts: injects are checked (time, place, type, contingency), and a script is copied."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.drills.models import DrillScript, DrillState, Inject, InjectKind
from garrison.drills.scripts import services
from garrison.drills.scripts.services import InjectData, ScriptData
from garrison.drills.tests.factories import VENUE, make_drill, make_script, venue
from garrison.events.models import Event


def _inject(**overrides: object) -> InjectData:
    data = InjectData(
        kind=InjectKind.INCIDENT,
        text="Suspicious bag in the press area",
        expected_action="Cordon and call the EOD team",
        target_minutes=3,
        offset_minutes=3,
        incident_type="suspicious_object",
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def script(as_planner: Membership) -> DrillScript:
    venue(as_planner.event)
    return services.create_script(
        as_planner, ScriptData("Rehearsal 1", objectives="O1: Dispatch in 3 min\nCordon fast")
    )


def test_a_planner_writes_a_script_with_objectives_and_injects(
    as_planner: Membership, script: DrillScript, event: Event
) -> None:
    codes = list(script.objectives.values_list("code", "text"))
    assert codes == [("O1", "Dispatch in 3 min"), ("O2", "Cordon fast")]
    site = venue(event)
    inject = services.add_inject(as_planner, script, _inject(site_id=site.pk))
    assert (inject.number, inject.offset_seconds, inject.site_id) == (1, 180, site.pk)
    surge = services.add_inject(
        as_planner,
        script,
        _inject(
            kind=InjectKind.GATE_SURGE,
            incident_type="",
            offset_minutes=12,
            lat=VENUE[0] + 0.01,
            lon=VENUE[1],
        ),
    )
    assert surge.incident_type == "crowd"  # a kind the desk has no screen for: its type
    assert Entry.objects.filter(action="drills.inject.created").count() == 2


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"offset_minutes": -1}, "negative_offset"),
        ({"offset_minutes": 3}, "overlapping_offset"),
        ({"lat": 10.77, "lon": 106.70}, "outside_event"),
        ({"site_id": None}, "place_required"),
        ({"incident_type": "alien_landing"}, "unknown_type"),
        ({"target_minutes": 0}, "invalid_target"),
        ({"severity": 7}, "invalid_severity"),
        ({"offset_minutes": None}, "offset_required"),
    ],
)
def test_bad_injects_are_refused_with_a_clear_message(
    as_planner: Membership,
    script: DrillScript,
    event: Event,
    overrides: dict[str, object],
    code: str,
) -> None:
    site = venue(event)
    services.add_inject(as_planner, script, _inject(site_id=site.pk))
    data = _inject(**{"site_id": site.pk, "offset_minutes": 5} | overrides)
    with pytest.raises(DomainError) as caught:
        services.add_inject(as_planner, script, data)
    assert caught.value.code == code
    assert str(caught.value.message)
    assert Inject.objects.filter(script=script).count() == 1  # nothing half-written


def test_a_zone_or_site_of_another_event_is_not_a_place(
    as_planner: Membership, script: DrillScript, other_event: Event
) -> None:
    with pytest.raises(DomainError) as caught:
        services.add_inject(as_planner, script, _inject(site_id=venue(other_event).pk))
    assert caught.value.code == "unknown_site"


def test_a_contingency_backs_up_a_scheduled_inject_and_has_no_minute(
    as_planner: Membership, script: DrillScript, event: Event
) -> None:
    site = venue(event)
    first = services.add_inject(as_planner, script, _inject(site_id=site.pk))
    backup = services.add_inject(
        as_planner,
        script,
        _inject(site_id=site.pk, offset_minutes=None, contingency_of_id=first.pk, kind="tip"),
    )
    assert backup.offset_seconds is None and backup.contingency_of_id == first.pk
    with pytest.raises(DomainError) as caught:
        services.add_inject(
            as_planner,
            script,
            _inject(site_id=site.pk, offset_minutes=None, contingency_of_id=backup.pk),
        )
    assert caught.value.code == "invalid_contingency"


def test_a_viewer_or_duty_officer_cannot_write_scripts(as_duty: Membership) -> None:
    with pytest.raises(DomainError) as caught:
        services.create_script(as_duty, ScriptData("Mine"))
    assert caught.value.status == 403


def test_a_script_a_drill_ran_is_copied_with_its_injects_and_contingencies(
    as_planner: Membership, event: Event
) -> None:
    drill = make_drill(event, state=DrillState.STOPPED)
    source = drill.script
    parent = source.injects.first()
    Inject.objects.create(
        script=source,
        number=9,
        kind="tip",
        site=venue(event),
        text="Again",
        expected_action="Go",
        target_seconds=60,
        contingency_of=parent,
    )
    with pytest.raises(DomainError) as caught:
        services.add_inject(as_planner, source, _inject(site_id=venue(event).pk, offset_minutes=30))
    assert caught.value.code == "script_in_use"
    copy = services.copy_script(as_planner, source, "Rehearsal 2")
    assert copy.copied_from_id == source.pk
    assert copy.injects.count() == source.injects.count() == 4
    backup = copy.injects.get(number=9)
    assert backup.contingency_of is not None and backup.contingency_of.script_id == copy.pk
    assert list(copy.objectives.values_list("code", flat=True)) == ["O1"]
    assert copy.injects.exclude(objective=None).first().objective.script_id == copy.pk  # type: ignore[union-attr]
    services.add_inject(as_planner, copy, _inject(site_id=venue(event).pk, offset_minutes=30))


def test_the_script_pages_work_for_a_planner(
    client_for: Callable[[User], Client], planner: User, event: Event
) -> None:
    script = make_script(event)
    client = client_for(planner)
    page = client.get(f"/e/{event.slug}/drills/scripts/{script.pk}/")
    assert page.status_code == 200 and "Delegate collapses" in page.content.decode()
    response = client.post(
        f"/e/{event.slug}/drills/scripts/{script.pk}/injects/new/",
        {
            "offset_minutes": "1",
            "kind": "incident",
            "incident_type": "fire",
            "site": venue(event).pk,
            "severity": "2",
            "text": "Smoke",
            "expected_action": "Send fire",
            "expected_stage": "dispatched",
            "target_minutes": "4",
        },
    )
    assert response.status_code == 400  # minute 1 is taken
    assert "already arrives at minute 1" in response.content.decode()
