"""Traffic's two layout rules, read from its source: only ``services`` modules write, and only
``roles.py`` names the roles that may do something (``garrison.forces.tests.layout``)."""

from __future__ import annotations

from pathlib import Path

import garrison.traffic
from garrison.forces.tests.layout import modules_naming_roles, writes_in, writes_outside_services

ROOT = Path(garrison.traffic.__file__).parent


def test_only_services_modules_write() -> None:
    assert writes_outside_services(ROOT) == {}


def test_the_rule_finds_the_writes_of_the_services() -> None:
    """The check above must see a write where there is one, or it proves nothing."""
    for path, expected in (
        ("closures/services.py", ["Closure.objects.bulk_create", "closure.delete"]),
        ("routing/services.py", ["Road.objects.bulk_create", "network.save"]),
    ):
        calls = writes_in(ROOT / path)
        for call in expected:
            assert any(found.startswith(call) for found in calls), (path, call)


def test_role_lists_are_declared_only_in_roles_py() -> None:
    """The demo names its users after roles; everything else asks ``roles`` who may act."""
    assert modules_naming_roles(ROOT) == []
