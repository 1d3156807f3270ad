"""The check-in decision, written once as data (``rules.json``) and evaluated here.

The offline scanner evaluates the same file with the same tiny expression language
(``static/checkin/rules.js``), so the phone and the server cannot drift apart: changing a
rule means changing the JSON, which both read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

RULES_PATH = Path(__file__).with_name("rules.json")
OK = "ok"


@cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    return data


def result_codes() -> list[str]:
    return list(rules()["codes"])


Compiled = Callable[[Mapping[str, Any]], Any]


def compile_expr(expr: Any) -> Compiled:
    """The expression as a Python function of the scan's values, built once per process: a
    batch of uploads decides hundreds of scans, and walking the JSON for each cost more than
    the rest of the decision. Same operators, same meaning as ``rules.js``."""
    if not isinstance(expr, list) or not expr or not isinstance(expr[0], str):
        return lambda _values: expr
    op, args = expr[0], expr[1:]
    if op == "var":
        name = str(args[0])
        return lambda values: values.get(name)
    parts = [compile_expr(arg) for arg in args]
    if op == "not":
        return lambda values: not parts[0](values)
    if op == "and":
        return lambda values: all(part(values) for part in parts)  # short-circuits, like &&
    if op == "or":
        return lambda values: any(part(values) for part in parts)
    if op == "null":
        return lambda values: parts[0](values) is None
    if op == "in":
        item, container = parts[0], parts[1]

        def contains(values: Mapping[str, Any]) -> bool:
            found = container(values)
            return isinstance(found, list | tuple | set) and item(values) in found

        return contains
    if op in ("eq", "lt", "le", "ge"):
        left, right = parts[0], parts[1]
        return lambda values: _compare(op, left(values), right(values))
    raise ValueError(f"unknown rule operator {op!r}")


def _compare(op: str, a: Any, b: Any) -> bool:
    if op == "eq":
        return bool(a == b)
    if a is None or b is None:
        return False  # an absent value never orders: the earlier steps guard against it
    if op == "lt":
        return bool(a < b)
    if op == "le":
        return bool(a <= b)
    return bool(a >= b)  # "ge"


@cache
def _steps() -> list[tuple[str, Compiled]]:
    return [(str(step["code"]), compile_expr(step["when"])) for step in rules()["steps"]]


def decide(values: Mapping[str, Any]) -> str:
    """The first step whose condition holds names the result; none holds: ``ok``."""
    for code, when in _steps():
        if when(values):
            return code
    return OK


_REASONS = {
    "ok": gettext_noop("Valid: let the holder through."),
    "invalid_code": gettext_noop("Not a valid badge: the code is damaged or forged."),
    "unknown_key": gettext_noop("Not a badge of this event."),
    "revoked": gettext_noop("This badge has been revoked."),
    "not_yet_valid": gettext_noop("This badge is not valid yet."),
    "expired": gettext_noop("This badge is no longer valid."),
    "zone_denied": gettext_noop("This badge does not open this zone at this time."),
    "already_inside": gettext_noop(
        "The holder is already inside: the badge may have been passed back."
    ),
    "not_inside": gettext_noop("The holder was not recorded entering."),
}


def reason(code: str) -> str:
    """The result in words, in the active language, for the guard and the scans log; only the
    one asked for is translated (this runs for every online scan)."""
    text = _REASONS.get(code)
    return _(text) if text is not None else code
