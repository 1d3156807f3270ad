"""The check-in decision, written once as data (``rules.json``) and evaluated here.

The offline scanner evaluates the same file with the same tiny expression language
(``static/checkin/rules.js``), so the phone and the server cannot drift apart: changing a
rule means changing the JSON, which both read. Context values may be callables, read only
when a step needs them — the server passes the anti-passback lookup that way, so the presence
row is locked only for a scan that got that far.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

RULES_PATH = Path(__file__).with_name("rules.json")
OK = "ok"


@cache
def rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    return data


def result_codes() -> list[str]:
    return list(rules()["codes"])


class _Context:
    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values
        self._seen: dict[str, Any] = {}

    def get(self, name: str) -> Any:
        if name not in self._seen:
            value = self._values.get(name)
            self._seen[name] = value() if callable(value) else value
        return self._seen[name]


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


def evaluate(expr: Any, ctx: _Context) -> Any:
    if not isinstance(expr, list) or not expr or not isinstance(expr[0], str):
        return expr
    op, args = expr[0], expr[1:]
    if op == "var":
        return ctx.get(str(args[0]))
    if op == "not":
        return not evaluate(args[0], ctx)
    if op == "and":
        return all(evaluate(arg, ctx) for arg in args)  # short-circuits, like && in JS
    if op == "or":
        return any(evaluate(arg, ctx) for arg in args)
    if op == "null":
        return evaluate(args[0], ctx) is None
    if op == "in":
        container = evaluate(args[1], ctx)
        return isinstance(container, list | tuple | set) and evaluate(args[0], ctx) in container
    if op in ("eq", "lt", "le", "ge"):
        return _compare(op, evaluate(args[0], ctx), evaluate(args[1], ctx))
    raise ValueError(f"unknown rule operator {op!r}")


def decide(values: Mapping[str, Any | Callable[[], Any]]) -> str:
    """The first step whose condition holds names the result; none holds: ``ok``."""
    ctx = _Context(values)
    for step in rules()["steps"]:
        if evaluate(step["when"], ctx):
            return str(step["code"])
    return OK


def reason(code: str) -> str:
    """The result in words, in the active language, for the guard and the scans log."""
    texts = {
        "ok": _("Valid: let the holder through."),
        "invalid_code": _("Not a valid badge: the code is damaged or forged."),
        "unknown_key": _("Not a badge of this event."),
        "revoked": _("This badge has been revoked."),
        "not_yet_valid": _("This badge is not valid yet."),
        "expired": _("This badge is no longer valid."),
        "zone_denied": _("This badge does not open this zone at this time."),
        "already_inside": _("The holder is already inside: the badge may have been passed back."),
        "not_inside": _("The holder was not recorded entering."),
    }
    return texts.get(code, code)
