"""Each audit entry reads as a sentence in the reader's language, and every action the code base
records has one."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

import garrison
from garrison.accounts.audit_log.reading import changes, rows
from garrison.accounts.audit_log.sentences import AREAS, PHRASES, phrase_for
from garrison.accounts.models import Device, User
from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM, Actor, record
from garrison.events.models import Event

ClientFor = Callable[[User], Client]
ROOT = Path(garrison.__file__).parent

# Action codes built at run time (an f-string), with every value the placeholder takes.
BUILT = {"forces.post.{verb}": {"created", "updated"}}


def _constants(tree: ast.AST) -> set[str]:
    return {
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.count(".") == 2
    }


def recorded_actions() -> set[str]:
    """Every action code passed to ``record(...)`` outside the tests.

    A literal is taken as it is; an action passed through a variable is one of the module's
    ``app.thing.verb`` strings; an f-string must be listed in ``BUILT``.
    """
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name != "record":
                continue
            action = node.args[1]
            if isinstance(action, ast.Constant) and isinstance(action.value, str):
                found.add(action.value)
            elif isinstance(action, ast.JoinedStr):
                pattern = ast.unparse(action)[2:-1]
                assert pattern in BUILT, f"{path}:{node.lineno}: list {pattern!r} in BUILT"
                found |= {pattern.replace("{verb}", verb) for verb in BUILT[pattern]}
            else:
                found |= {c for c in _constants(tree) if c.split(".")[0] in AREAS}
    return found


def test_every_recorded_action_has_a_sentence_and_an_area() -> None:
    actions = recorded_actions()
    assert len(actions) > 90  # the scan finds them
    missing = sorted(actions - set(PHRASES))
    assert missing == [], f"add these to sentences.PHRASES: {missing}"
    assert {a.split(".")[0] for a in actions} <= set(AREAS)


def test_an_unknown_action_reads_from_its_own_words() -> None:
    assert phrase_for("weather.storm_warning.issued") == "issued storm warning"


def _entry(event: Event, actor: Actor, action: str, **kwargs: object) -> Entry:
    with transaction.atomic():
        return record(actor, action, event_id=event.pk, **kwargs)  # type: ignore[arg-type]


def test_a_commanders_action_in_english_and_vietnamese(
    event: Event, members: dict[str, User]
) -> None:
    boss = members["commander"]
    boss.full_name = "Nguyễn Văn A"
    boss.save()
    entry = _entry(
        event,
        Actor.of_user(boss),
        "traffic.notice.published",
        object_type="traffic.notice",
        object_id="3",
        object_repr="3",
    )
    with translation.override("en"):
        assert str(rows([entry], event, {})[0].sentence) == (
            "Nguyễn Văn A (Commander) published notice 3"
        )
    with translation.override("vi"):
        assert str(rows([entry], event, {})[0].sentence) == (
            "Nguyễn Văn A (Chỉ huy) đã công bố thông báo 3"
        )


def test_devices_the_system_and_former_members_read_too(
    event: Event, members: dict[str, User]
) -> None:
    device = Device.objects.create(event=event, name="Lan's phone", token_hash="x" * 64)
    scan = _entry(event, Actor.of_device(device), "checkin.scan.typed", object_repr="North gate")
    job = _entry(event, SYSTEM, "ops.timer.breached", object_repr="incident #4")
    gone = User.objects.create_user("gone", full_name="Lê Văn B")
    left = _entry(event, Actor.of_user(gone), "events.zone.updated", object_repr="Zone A")
    with translation.override("en"):
        said = [str(r.sentence) for r in rows([scan, job, left], event, {})]
    assert said == [
        f"device #{device.pk} typed a badge serial at North gate",
        "Garrison (automatic) flagged an overdue response on incident #4",
        "Lê Văn B updated the zone Zone A",
    ]
    assert "Lan" not in said[0]  # a device's name may be its holder's


def test_the_change_table_names_fields_and_shows_only_what_changed() -> None:
    with translation.override("en"):
        table = changes(
            {"name": "Cổng Bắc", "capacity": 100, "access_level": "public", "x": [1]},
            {"name": "Cổng Bắc", "capacity": 250, "access_level": "restricted", "x": [1, 2]},
            "events.zone",
        )
    assert table == [
        ("access level", "public", "restricted"),
        ("capacity", "100", "250"),
        ("x", "[1]", "[1, 2]"),
    ]
    long = changes(None, {"note": "a" * 500, "done": True, "gone": None})
    assert [(c.field, len(c.after)) for c in long] == [("done", 3), ("gone", 1), ("note", 160)]
    with translation.override("vi"):
        assert changes({"capacity": 1}, {"capacity": 2}, "events.zone")[0].field == "sức chứa"


def test_free_text_logged_as_its_length_reads_as_characters_written() -> None:
    with translation.override("en"):
        table = changes({"minutes_chars": 0}, {"minutes_chars": 42}, "planning.meeting")
        assert table == [("minutes (characters written)", "0", "42")]
        assert changes(None, {"note_chars": 7})[0].field == "note (characters written)"
    with translation.override("vi"):
        assert changes(None, {"body_chars": 7}, "planning.taskcomment")[0].field == (
            "ý kiến (số ký tự đã viết)"
        )


def test_the_pages_show_the_sentence_and_keep_the_raw_record_behind_details(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    boss = members["commander"]
    entry = _entry(
        event,
        Actor.of_user(boss),
        "events.zone.updated",
        object_type="events.zone",
        object_id="7",
        object_repr="North gate zone",
        before={"capacity": 1},
        after={"capacity": 2},
    )
    client = client_for(boss)
    listing = client.get(reverse("audit:list", kwargs={"event": event.slug})).content.decode()
    assert f"<strong>{boss.display_name()}</strong> (Commander) updated the zone" in listing
    assert "events.zone.updated" not in listing
    detail = client.get(
        reverse("audit:detail", kwargs={"event": event.slug, "entry_id": entry.pk})
    ).content.decode()
    before_details, raw = detail.split('<details data-testid="raw-record">')
    assert '<th scope="row">Capacity</th><td>1</td><td>2</td>' in before_details
    assert entry.hash not in before_details and "&quot;capacity&quot;" not in before_details
    assert entry.hash in raw and "&quot;capacity&quot;: 2" in raw


@pytest.mark.parametrize("code", sorted(AREAS))
def test_every_area_has_a_vietnamese_name(code: str) -> None:
    with translation.override("en"):
        english = str(AREAS[code])
    with translation.override("vi"):
        assert str(AREAS[code]) != english
