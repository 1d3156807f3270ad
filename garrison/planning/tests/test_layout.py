"""The plan's two layout rules, read from its source: only ``services`` modules write, and only
``roles.py`` names the roles that may do something."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import garrison.planning

ROOT = Path(garrison.planning.__file__).parent
# Calls that write whatever object they are made on.
WRITES = {"save", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# Calls that write when made on a manager or queryset (``Task.objects.create``,
# ``Task.objects.filter(...).update``) or on a many-to-many field (``risk.mitigations.add``).
MANAGER_WRITES = {"create", "update", "set", "add", "remove", "clear"}


def _modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in ("tests", "migrations"):
            yield path


def _writes(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, receiver = node.func.attr, node.func.value
        on_manager = isinstance(receiver, ast.Attribute | ast.Call)
        if name in WRITES or (name in MANAGER_WRITES and on_manager):
            yield f"{ast.unparse(node.func)} (line {node.lineno})"


def test_only_services_modules_write() -> None:
    found = {
        str(path.relative_to(ROOT)): list(_writes(ast.parse(path.read_text())))
        for path in _modules()
        if path.name != "services.py"
    }
    assert {path: calls for path, calls in found.items() if calls} == {}


def test_the_rule_finds_the_writes_of_the_services() -> None:
    """The check above must see a write where there is one, or it proves nothing."""
    calls = list(_writes(ast.parse((ROOT / "risks" / "services.py").read_text())))
    assert any(call.startswith("risk.save") for call in calls)
    assert any(call.startswith("risk.mitigations.set") for call in calls)


def test_role_lists_are_declared_only_in_roles_py() -> None:
    """Everything asks ``roles`` who may act (the demo, which names its users after roles, lives
    in ``garrison/demo``)."""
    naming = [
        str(path.relative_to(ROOT))
        for path in _modules()
        if path.name != "roles.py"
        and any(
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    ]
    assert naming == []
