"""The offline scanner's rules.js decides exactly like the server's rules.py.

Both evaluate the same rules.json; this runs the JavaScript in Node on a few thousand contexts
(every step's edge and random mixes) and compares each verdict with Python's.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from garrison.checkin.scans.rules import RULES_PATH, decide
from garrison.checkin.tests.test_rules import GOOD

RULES_JS = Path(__file__).resolve().parents[1] / "static" / "checkin" / "rules.js"
RUNNER = """
const rules = require(process.argv[1]);
const data = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(data.cases.map((c) => rules.decide(data.rules, c))));
"""

CHOICES: dict[str, list[Any]] = {
    "decoded": [True, False],
    "key_known": [True, False],
    "signature_ok": [True, False],
    "revoked": [False, True],
    "now": [0, 499, 500, 1000, 1999, 2000, None],
    "valid_from": [500, None],
    "valid_until": [2000, None],
    "zone": [7, 4, None],
    "zones": [[3, 7], [], [4]],
    "today": ["2026-11-30", "2026-12-01", "2026-12-03", "2026-12-04"],
    "minute": [0, 419, 420, 600, 1079, 1080, 1439],
    "window_first_day": ["2026-12-01", None],
    "window_last_day": ["2026-12-03", None],
    "window_start": [420, None, 0],
    "window_end": [1080, None, 1440],
    "direction": ["entry", "exit", "sideways"],
    "inside": [False, True, None],
}


def _cases() -> list[dict[str, Any]]:
    cases = [dict(GOOD)]
    for name, values in CHOICES.items():  # each value alone, the rest good
        cases.extend({**GOOD, name: value} for value in values)
    rng = random.Random(1234)  # fixed: a failure reproduces
    for _ in range(3000):
        cases.append({name: rng.choice(values) for name, values in CHOICES.items()})
    return cases


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_scanner_and_the_server_decide_alike() -> None:
    cases = _cases()
    data = json.dumps({"rules": json.loads(RULES_PATH.read_text()), "cases": cases})
    node = shutil.which("node")
    assert node is not None
    out = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [node, "-e", RUNNER, str(RULES_JS)],
        input=data,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    verdicts = json.loads(out.stdout)
    expected = [decide(case) for case in cases]
    mismatches = [(c, v, e) for c, v, e in zip(cases, verdicts, expected, strict=True) if v != e]
    assert not mismatches, mismatches[:3]
    assert len(set(expected)) >= 8  # the cases reach (almost) every result
