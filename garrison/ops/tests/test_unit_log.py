"""A unit's activity log (ICS 214): its own people and the desk write notes; audited; printable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Role, User
from garrison.audit.models import Entry
from garrison.conftest import make_member
from garrison.events.models import Event
from garrison.forces.models import Unit
from garrison.ops.models import UnitNote
from garrison.ops.tests.conftest import Units

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def _urls(event: Event, unit: Unit) -> tuple[str, str]:
    kwargs = {"event": event.slug, "pk": unit.pk}
    return reverse("ops:unit_log", kwargs=kwargs), reverse("ops:unit_note", kwargs=kwargs)


def test_a_unit_member_notes_their_units_log_and_it_is_audited_and_printed(
    event: Event, units: Units, client_for: ClientFor
) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="fo-a", unit_id=units.team_a.pk)
    phone = client_for(officer)
    log, note = _urls(event, units.team_a)
    assert 'data-testid="note-form"' in phone.get(log).content.decode()
    response = phone.post(note, {"text": "Relieved <b>post 4</b>; radio battery low"})
    assert response.status_code == 302 and response["Location"] == log
    stored = UnitNote.objects.get()
    assert (stored.unit, stored.user, stored.actor_label) == (units.team_a, officer, "fo-a")
    entry = Entry.objects.get(action="ops.unit.note_added")
    # The log says a note was written and how long it is; the words stay in the unit's log only.
    assert entry.after == {"unit": units.team_a.code, "note_chars": len(stored.text)}
    assert "radio battery" not in str(entry.after)
    assert entry.actor_label == "fo-a" and entry.event_id == event.pk
    page = phone.get(log).content.decode()
    assert "Relieved &lt;b&gt;post 4&lt;/b&gt;; radio battery low" in page
    assert "<b>post 4</b>" not in page and "data-print" in page


def test_the_duty_officer_notes_any_units_log(
    event: Event, units: Units, members: dict[str, User], client_for: ClientFor
) -> None:
    desk = client_for(members[Role.DUTY_OFFICER])
    for unit in (units.team_b, units.fire):
        log, note = _urls(event, unit)
        assert desk.post(note, {"text": f"Checked {unit.code}"}).status_code == 302
        assert f"Checked {unit.code}" in desk.get(log).content.decode()
    assert UnitNote.objects.count() == 2


def test_nobody_writes_in_another_units_log(
    event: Event, units: Units, members: dict[str, User], client_for: ClientFor
) -> None:
    officer = make_member(event, Role.FIELD_OFFICER, username="fo-a", unit_id=units.team_a.pk)
    chief = make_member(event, Role.UNIT_COMMANDER, username="uc-p", unit_id=units.police.pk)
    _, other = _urls(event, units.fire)
    assert client_for(officer).post(other, {"text": "x"}).status_code == 404
    assert client_for(chief).post(other, {"text": "x"}).status_code == 404
    # A unit commander writes in the logs of the units under them.
    _, below = _urls(event, units.team_b)
    assert client_for(chief).post(below, {"text": "Team B rotated"}).status_code == 302
    # A viewer reads the log but has no form and may not post.
    viewer = client_for(members[Role.VIEWER])
    log, note = _urls(event, units.team_a)
    assert 'data-testid="note-form"' not in viewer.get(log).content.decode()
    assert viewer.post(note, {"text": "x"}).status_code == 403
    assert list(UnitNote.objects.values_list("text", flat=True)) == ["Team B rotated"]


@pytest.mark.parametrize(("text", "message"), [("   ", "required"), ("n" * 2001, "at most 2000")])
def test_an_empty_or_oversized_unit_note_gets_400_and_is_not_stored(
    event: Event,
    units: Units,
    members: dict[str, User],
    client_for: ClientFor,
    text: str,
    message: str,
) -> None:
    _, note = _urls(event, units.fire)
    response = client_for(members[Role.DUTY_OFFICER]).post(note, {"text": text})
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert (
        not UnitNote.objects.exists()
        and not Entry.objects.filter(action="ops.unit.note_added").exists()
    )
