"""`make demo` serves one uvicorn process with the timer watcher inside it.

The demo's recipe runs for real, with stand-ins for ``garrison`` and ``uvicorn`` that record
what they were asked to do and with which settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

STAND_IN = """#!/bin/bash
echo "$(basename "$0") timers=${GARRISON_TIMERS_IN_SERVER:-0} demo=${GARRISON_DEMO:-0} $*" >> "$DEMO_LOG"
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_demo_serves_one_process_with_the_timer_watcher_inside(tmp_path: Path) -> None:
    for name in ("garrison", "uvicorn"):
        (tmp_path / name).write_text(STAND_IN)
        (tmp_path / name).chmod(0o755)
    env = {**os.environ, "DEMO_LOG": str(tmp_path / "log")}
    # -o: take install/assets/messages as done; BIN: the stand-ins instead of the real commands.
    done = ["-o", "install", "-o", "assets", "-o", "messages"]
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(shutil.which("make")), "-s", "-C", str(ROOT), *done, "demo", f"BIN={tmp_path}"],
        env=env,
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=60,
    )
    calls = (tmp_path / "log").read_text().splitlines()
    assert [call.split()[:3] for call in calls] == [
        ["garrison", "timers=0", "demo=1"],
        ["garrison", "timers=0", "demo=1"],
        ["uvicorn", "timers=1", "demo=1"],
    ]
    assert calls[0].split()[3] == "migrate" and calls[1].split()[3] == "load_demo"
    assert calls[2].split()[3:] == [
        *("garrison.asgi:application", "--host", "127.0.0.1", "--port", "8000"),
    ]
