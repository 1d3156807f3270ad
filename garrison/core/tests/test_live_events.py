"""Live events have a schema: each kind declared once with its payload, every emit checked.

The suite runs with LIVE_EVENTS_STRICT (garrison/conftest.py), so every test that makes a change
also checks the events it emits; these tests check the mechanism itself, its production
behaviour, and that the declarations and the code's emit sites agree.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import NotRequired

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from typing_extensions import TypedDict

from garrison.core import live
from garrison.core.live import Kind, LiveEventRejected, Ref, declare
from garrison.core.models import LiveEvent
from garrison.events.models import Event, Phase

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


class Sample(TypedDict):
    id: int
    name: str
    lat: float | None
    tags: list[int]
    note: NotRequired[str]


class One(TypedDict):
    person: int


class Many(TypedDict):
    count: int


SAMPLE = declare("core.test.sample", Sample)
EITHER: Kind[One | Many] = declare("core.test.either", One | Many)


@pytest.fixture
def rejected() -> Iterator[list[str]]:
    """What the strict check kept: emptied here, since these tests break declarations on purpose."""
    yield live.rejected
    live.rejected.clear()


def test_a_declared_kind_with_its_payload_is_journalled(event: Event) -> None:
    row = SAMPLE.emit(event, {"id": 1, "name": "Gate 1", "lat": 21, "tags": [3]}, unit_ids=[3])
    assert row is not None
    stored = LiveEvent.objects.get(pk=row.pk)
    assert (stored.kind, stored.unit_ids) == ("core.test.sample", [3])
    # Kept as given: the check does not rewrite what goes out (21 stays 21, not 21.0).
    assert stored.payload == {"id": 1, "name": "Gate 1", "lat": 21, "tags": [3]}
    assert SAMPLE.emit(event, {"id": 2, "name": "", "lat": None, "tags": [], "note": "x"})


def test_a_kind_with_two_forms_takes_either(event: Event, rejected: list[str]) -> None:
    assert EITHER.emit(event, {"person": 4}) is not None
    assert EITHER.emit(event, {"count": 12}) is not None
    with pytest.raises(LiveEventRejected):
        EITHER.emit(event, {"person": 4, "count": 12})  # type: ignore[arg-type]


def test_an_undeclared_kind_raises_and_journals_nothing(event: Event, rejected: list[str]) -> None:
    undeclared: Kind[Ref] = Kind("core.test.undeclared", Ref)
    with pytest.raises(LiveEventRejected, match="not declared"):
        undeclared.emit(event, {"id": 1})
    assert rejected == ["live event kind 'core.test.undeclared' is not declared"]
    assert not LiveEvent.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"name": "x", "lat": None, "tags": []}, id="missing key"),
        pytest.param({"id": 1, "name": "x", "lat": None, "tags": [], "secret": 1}, id="extra key"),
        pytest.param({"id": "1", "name": "x", "lat": None, "tags": []}, id="text for a number"),
        pytest.param({"id": True, "name": "x", "lat": None, "tags": []}, id="bool for a number"),
        pytest.param({"id": 1.5, "name": "x", "lat": None, "tags": []}, id="fraction for an id"),
        pytest.param({"id": 1, "name": None, "lat": None, "tags": []}, id="null for text"),
        pytest.param({"id": 1, "name": "x", "lat": None, "tags": ["a"]}, id="wrong item"),
        pytest.param({"id": 1, "name": "x", "lat": None, "tags": [], "note": 3}, id="wrong extra"),
        pytest.param({"id": 1, "name": object(), "lat": None, "tags": []}, id="not JSON"),
    ],
)
def test_a_payload_that_breaks_its_declaration_raises(
    event: Event, rejected: list[str], payload: dict[str, object]
) -> None:
    with pytest.raises(LiveEventRejected, match="does not match its declaration"):
        SAMPLE.emit(event, payload)  # type: ignore[arg-type]
    assert len(rejected) == 1
    assert not LiveEvent.objects.exists()


@override_settings(LIVE_EVENTS_STRICT=False)
def test_in_production_a_bad_event_is_logged_and_dropped_and_the_change_stands(
    event: Event, caplog: pytest.LogCaptureFixture, rejected: list[str]
) -> None:
    with caplog.at_level(logging.ERROR, logger="garrison.core.live"), transaction.atomic():
        start = timezone.now()
        phase = Phase.objects.create(
            event=event, name="Build-up", kind="before", starts_at=start, ends_at=start + HOUR
        )
        assert SAMPLE.emit(event, {"id": "1"}) is None  # type: ignore[typeddict-item]
        undeclared: Kind[Ref] = Kind("core.test.undeclared", Ref)
        assert undeclared.emit(event, {"id": 1}) is None
    assert Phase.objects.filter(pk=phase.pk).exists(), "the change is not undone for its event"
    assert not LiveEvent.objects.exists()
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.ERROR]
    assert "core.test.sample" in caplog.records[0].getMessage()
    assert rejected == [], "kept only under the strict check"


def test_a_kind_is_declared_once_and_named_app_thing_what() -> None:
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        declare("core.test.sample", Ref)
    for name in ("sample", "Core.Test.Sample", "core..sample", "core.test.sample "):
        with pytest.raises(ImproperlyConfigured, match=r"app\.thing\.what_happened"):
            declare(name, Ref)


# --- The declarations and the code agree ---------------------------------------------------------

GARRISON = Path(__file__).resolve().parents[2]


def _declarations() -> dict[str, str]:
    """``module:CONSTANT`` → kind name, for every app's live_events module."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("garrison."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.live_events")
        except ModuleNotFoundError:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, Kind):
                found[f"{module.__name__}:{attr}"] = value.name
    return found


def _constants(expr: ast.expr, imported: dict[str, str]) -> bool:
    """Whether ``expr`` is a declared constant, or a choice between them (``A if x else B``)."""
    if isinstance(expr, ast.IfExp):
        return _constants(expr.body, imported) and _constants(expr.orelse, imported)
    return isinstance(expr, ast.Name) and expr.id in imported and expr.id.isupper()


def _emit_sites() -> tuple[set[str], list[str]]:
    """The declarations each module's emits name (``module:CONSTANT``), and the emits whose kind
    cannot be read off the code: neither a declared constant, nor a local set only from them,
    nor a ``Kind`` parameter of a wrapper that its callers give a constant."""
    used: set[str] = set()
    unreadable: list[str] = []
    for path in sorted(GARRISON.rglob("*.py")):
        relative = path.relative_to(GARRISON.parent)
        if {"tests", "migrations"} & set(relative.parts) or relative.name == "conftest.py":
            continue
        if relative.as_posix() == "garrison/core/live.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith(".live_events"):
                for alias in node.names:
                    imported[alias.asname or alias.name] = f"{node.module}:{alias.name}"
        for name in (n.id for n in ast.walk(tree) if isinstance(n, ast.Name)):
            if name in imported and name.isupper():
                used.add(imported[name])
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            kind_parameters = {
                a.arg
                for a in function.args.args + function.args.kwonlyargs
                if a.annotation is not None and ast.unparse(a.annotation).startswith("Kind[")
            }
            locals_from_kinds = {
                target.id
                for assign in ast.walk(function)
                if isinstance(assign, ast.Assign) and _constants(assign.value, imported)
                for target in assign.targets
                if isinstance(target, ast.Name)
            }
            for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                if not (isinstance(call.func, ast.Attribute) and call.func.attr == "emit"):
                    continue
                receiver = call.func.value
                readable = _constants(receiver, imported) or (
                    isinstance(receiver, ast.Name)
                    and receiver.id in locals_from_kinds | kind_parameters
                )
                if not readable:
                    unreadable.append(f"{relative}:{call.lineno}: {ast.unparse(call.func)}")
    return used, unreadable


def test_every_declared_kind_is_registered_and_emitted_and_every_emit_names_one() -> None:
    declarations = _declarations()
    names = sorted(declarations.values())
    assert len(names) == len(set(names)), "each kind is declared once"
    registered = {n for n in live.declared() if not n.startswith("core.test.")}
    assert registered == set(names), "every app's live_events is loaded when Django starts"

    used, unreadable = _emit_sites()
    assert unreadable == [], "an emit whose kind is not a declared constant"
    assert sorted(set(declarations) - used) == [], "declared kinds that nothing emits"
    assert sorted(used - set(declarations)) == [], "emitted constants that are not declarations"
    # Every domain app that has a live feed declares it in its own module.
    assert {d.split(":")[0].split(".")[1] for d in declarations} == {
        "accreditation",
        "checkin",
        "drills",
        "events",
        "forces",
        "ops",
        "patrols",
        "planning",
        "sensors",
        "readiness",
        "traffic",
        "coverage",
    }
