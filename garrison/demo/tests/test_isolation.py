"""The demo depends on the product, never the other way round: no app module imports it.

Tests may (the browser tests start from the demo congress); the product's own code may not, so
the demo can change, or go, without touching an app.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import garrison

ROOT = Path(garrison.__file__).parent


def _product_modules() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] != "demo" and "tests" not in parts and parts[-1] != "conftest.py":
            yield path


def _imports(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_no_product_module_imports_the_demo() -> None:
    sources = ((path, path.read_text(encoding="utf-8")) for path in _product_modules())
    found = {
        str(path.relative_to(ROOT)): name
        for path, source in sources
        # An import of the demo names it: a module whose text never says "demo" is not parsed.
        if "demo" in source
        for name in _imports(ast.parse(source))
        if name == "garrison.demo" or name.startswith("garrison.demo.")
    }
    assert found == {}


def test_the_check_sees_an_import_of_the_demo() -> None:
    """It must find one where there is one (the browser tests import it), or it proves nothing."""
    browser = ROOT / "core" / "tests" / "test_browser.py"
    assert "garrison.demo" in set(_imports(ast.parse(browser.read_text(encoding="utf-8"))))
