"""The decision rules as data: the order of checks and the codes both sides share."""

from __future__ import annotations

from typing import Any

import pytest

from garrison.checkin.scans.rules import compile_expr, decide, result_codes, rules

GOOD: dict[str, Any] = {
    "decoded": True,
    "key_known": True,
    "signature_ok": True,
    "revoked": False,
    "now": 1000,
    "valid_from": 500,
    "valid_until": 2000,
    "zone": 7,
    "zones": [3, 7],
    "today": "2026-12-01",
    "minute": 600,
    "window_first_day": "2026-12-01",
    "window_last_day": "2026-12-03",
    "window_start": 420,
    "window_end": 1080,
    "direction": "entry",
    "inside": False,
}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({}, "ok"),
        ({"decoded": False}, "invalid_code"),
        ({"key_known": False, "signature_ok": False}, "unknown_key"),
        ({"signature_ok": False, "revoked": True}, "invalid_code"),
        ({"revoked": True, "now": 1}, "revoked"),
        ({"now": 100}, "not_yet_valid"),
        ({"now": 2000}, "expired"),
        ({"zone": 4}, "zone_denied"),
        ({"today": "2026-11-30"}, "not_yet_valid"),
        ({"today": "2026-12-04"}, "expired"),
        ({"minute": 1080}, "zone_denied"),
        ({"minute": 419}, "zone_denied"),
        ({"window_start": None, "window_end": None, "minute": 5}, "ok"),
        ({"inside": True}, "already_inside"),
        ({"direction": "exit"}, "not_inside"),
        ({"direction": "exit", "inside": True}, "ok"),
    ],
)
def test_the_first_failing_step_names_the_result(change: dict[str, Any], code: str) -> None:
    assert decide({**GOOD, **change}) == code


def test_every_step_code_is_a_documented_result() -> None:
    steps = {step["code"] for step in rules()["steps"]}
    assert steps | {"ok"} == set(result_codes())


def test_an_unknown_operator_is_an_error_not_a_pass() -> None:
    with pytest.raises(ValueError, match="unknown rule operator"):
        compile_expr(["and", ["xor", True, False]])
