"""The layout rules of an app, read from its source (shared by the forces, traffic, accreditation
and check-in tests): only ``services`` modules write, and only ``roles.py`` names roles.

A services module is ``services.py`` or any module of a ``services`` package. Tests, migrations
and the demo modules (``demo*.py``, which name their users after roles) are not checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

# Calls that write whatever object they are made on.
WRITES = {"delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}
# ``save`` writes a row when called bare (``row.save()``, ``save(update_fields=…)``); an image's or
# a PDF's ``save(out)`` is given where to write, and is not a database write.
SAVE = "save"
# Calls that write when made on a manager or a related manager (``Unit.objects.create``,
# ``member.qualifications.set``) or on a queryset (``Unit.objects.filter(…).update``).
MANAGER_WRITES = {"create", "update", "set", "add", "remove", "clear"}
QUERYSET_CALLS = {"filter", "exclude", "all", "select_for_update", "order_by", "using"}
# Raw SQL that writes, as the check-in batch writes it (``core.sql``): upper-case statements.
SQL_WRITES = ("INSERT INTO ", "UPDATE ", "DELETE FROM ")


def modules(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] not in ("tests", "migrations") and not path.name.startswith("demo"):
            yield path


def is_services(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return path.name == "services.py" or "services" in parts[:-1]


def _on_manager(receiver: ast.expr) -> bool:
    if isinstance(receiver, ast.Attribute):
        return True
    return (
        isinstance(receiver, ast.Call)
        and isinstance(receiver.func, ast.Attribute)
        and receiver.func.attr in QUERYSET_CALLS
    )


def writes(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value.lstrip().startswith(SQL_WRITES):
                yield f"SQL {node.value.strip()[:20]!r} (line {node.lineno})"
            continue
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, receiver = node.func.attr, node.func.value
        if (
            name in WRITES
            or (name == SAVE and not node.args)
            or (name in MANAGER_WRITES and _on_manager(receiver))
        ):
            yield f"{ast.unparse(node.func)} (line {node.lineno})"


def writes_outside_services(root: Path) -> dict[str, list[str]]:
    found = {
        str(path.relative_to(root)): list(writes(ast.parse(path.read_text())))
        for path in modules(root)
        if not is_services(path, root)
    }
    return {path: calls for path, calls in found.items() if calls}


def writes_in(path: Path) -> list[str]:
    return list(writes(ast.parse(path.read_text())))


def modules_naming_roles(root: Path) -> list[str]:
    """Modules other than ``roles.py`` that name a role (``Role.COMMANDER``)."""
    return [
        str(path.relative_to(root))
        for path in modules(root)
        if path.name != "roles.py"
        and any(
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Role"
            for node in ast.walk(ast.parse(path.read_text()))
        )
    ]
