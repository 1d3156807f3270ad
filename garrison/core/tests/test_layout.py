"""The layout rules of every app (docs/architecture.md), read from the source: only ``services``
modules write to the database, and role lists are declared only in each app's ``roles.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

import garrison
from garrison.core.tests.layout import role_lists_outside_roles, writes_in, writes_outside_services

ROOT = Path(garrison.__file__).parent
APPS = sorted(
    path.name
    for path in ROOT.iterdir()
    if (path / "apps.py").exists() and path.name != "demo"  # the demo loads data; no product
)

# Calls the source check reads as writes that are not database writes, or the one platform write
# that belongs outside a services module; each with its reason.
NOT_SERVICE_WRITES = {
    # The live journal's row is written inside the emitting service's transaction (core.live).
    ("core", "live.py"): {"LiveEvent.objects.create"},
    # An asyncio.Event that wakes a socket's sender.
    ("core", "consumers.py"): {"self.wake.set", "self.wake.clear"},
    # A threading.Event that stops a worker's duty threads.
    ("core", "worker.py"): {"self._stopping.set"},
    # A form widget's HTML attributes (a dict).
    ("accounts", "forms.py"): {"self.fields['username'].widget.attrs.update"},
    ("events", "forms.py"): {"self.widget.attrs.update"},
    # The API's DELETE route decorator; the handler calls a service.
    ("events", "api.py"): {"router.delete"},
    # The base map's own MBTiles archive: a file of tiles built from OSM data, not the database.
    ("events", "basemap/store.py"): {"SQL 'INSERT INTO metadata'", "SQL 'INSERT INTO tiles VA'"},
}


def _call(found: str) -> str:
    return found.rsplit(" (line ", 1)[0]


@pytest.mark.parametrize("app", APPS)
def test_only_services_modules_write(app: str) -> None:
    found = {
        path: [call for call in calls if _call(call) not in NOT_SERVICE_WRITES.get((app, path), ())]
        for path, calls in writes_outside_services(ROOT / app).items()
    }
    assert {path: calls for path, calls in found.items() if calls} == {}


def test_the_rule_finds_the_writes_of_the_services() -> None:
    """The check above must see a write where there is one, or it proves nothing."""
    for path, expected in (
        ("checkin/scans/services/batch_sql.py", ["SQL 'INSERT INTO'", "SQL 'UPDATE'"]),
        ("checkin/checkpoints/services.py", ["Checkpoint.objects.create", "locked.save"]),
        ("planning/risks/services.py", ["risk.save", "risk.mitigations.set"]),
    ):
        calls = writes_in(ROOT / path)
        for call in expected:
            assert any(found.startswith(call) for found in calls), (path, call)


@pytest.mark.parametrize("app", APPS)
def test_role_lists_are_declared_only_in_roles_py(app: str) -> None:
    assert role_lists_outside_roles(ROOT / app) == {}


def test_the_rule_finds_a_role_list(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text("ALLOWED = (Role.COMMANDER, Role.PLANNER)\n")
    (tmp_path / "roles.py").write_text("EDITORS = (Role.COMMANDER, Role.PLANNER)\n")
    assert list(role_lists_outside_roles(tmp_path)) == ["views.py"]
