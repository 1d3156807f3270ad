"""`make demo` runs the timer watcher beside the server, and Ctrl-C stops both.

The demo's recipe runs for real, with a stand-in ``garrison`` that records what it was asked to
do: the watcher sleeps (as a background job of a non-interactive shell it ignores Ctrl-C, so
only the recipe's trap can end it), the server waits for Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

STAND_IN = """#!/bin/bash
echo "$*" >> "$DEMO_LOG"
case "$1" in
  watch_timers) echo $$ > "$DEMO_DIR/watcher.pid"; exec sleep 120 ;;
  runserver) touch "$DEMO_DIR/serving"; exec sleep 120 ;;
esac
"""


def _wait_for(path: Path) -> None:
    deadline = time.monotonic() + 10
    while not (path.exists() and path.read_text().strip()) and time.monotonic() < deadline:
        if path.name == "serving" and path.exists():
            return
        time.sleep(0.05)
    assert path.exists(), f"{path.name} never appeared"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; only its parent has not collected it yet.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_demo_starts_the_timer_watcher_and_ctrl_c_stops_it(tmp_path: Path) -> None:
    garrison = tmp_path / "garrison"
    garrison.write_text(STAND_IN)
    garrison.chmod(0o755)
    env = {**os.environ, "DEMO_LOG": str(tmp_path / "log"), "DEMO_DIR": str(tmp_path)}
    # -o: take install/assets/messages as done; BIN: the stand-in instead of the real commands.
    done = ["-o", "install", "-o", "assets", "-o", "messages"]
    make = subprocess.Popen(  # noqa: S603 - fixed arguments
        [str(shutil.which("make")), "-s", "-C", str(ROOT), *done, "demo", f"BIN={tmp_path}"],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for(tmp_path / "watcher.pid")
        _wait_for(tmp_path / "serving")
        watcher = int((tmp_path / "watcher.pid").read_text())
        assert _alive(watcher)
        os.killpg(make.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        make.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _alive(watcher) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(watcher), "the timer watcher outlived the demo"
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
        pid_file = tmp_path / "watcher.pid"
        if pid_file.exists() and _alive(int(pid_file.read_text())):
            os.kill(int(pid_file.read_text()), signal.SIGKILL)  # leave no stray process
    calls = (tmp_path / "log").read_text().splitlines()
    assert calls[0].startswith("migrate") and calls[1].startswith("load_demo")
    assert sorted(c.split()[0] for c in calls[2:]) == ["runserver", "watch_timers"]
