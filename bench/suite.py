"""The test suite's time on this machine: ``make test``'s run, then its browser tests and the rest
each alone, with the CPU of every process they start.

``time`` undercounts a run with Chromium in it: a renderer outlives the browser that started it
by a moment, is handed to the system's init, and its CPU is never added to anyone's. This script
makes itself the "subreaper" of what it runs (Linux's ``PR_SET_CHILD_SUBREAPER``), so every such
process is handed to it instead and waited for, and its CPU is counted.

For each run: the wall time, the CPU of all its processes, and that CPU divided by the cores the
run may use, which is the least wall time the run could take with every core busy throughout.
Target (issue 12): ``make test`` ≤ 60 s on the 2-core machine.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from _django import ROOT

PYTEST = Path(sys.executable).parent / "pytest"
PR_SET_CHILD_SUBREAPER = 36
# As the Makefile's ``test`` runs the suite.
COMMAND = [str(PYTEST), "-q", "-n", "2", "--dist", "worksteal"]
RUNS = [
    ("make test's run", []),
    ("browser tests alone", ["-m", "browser"]),
    ("the rest alone", ["-m", "not browser"]),
]


def _reap_orphans(deadline: float) -> None:
    """Wait for every process handed to this one (Chromium's last renderers) to end."""
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.05)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, extra: list[str], cores: int) -> bool:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    cpu, started = _cpu(), time.monotonic()
    done = subprocess.run(  # noqa: S603 - the Makefile's own test command
        [*COMMAND, *extra], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - started
    _reap_orphans(time.monotonic() + 30)
    cpu = _cpu() - cpu
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else done.stderr.strip()[-200:]
    print(
        f"{name:>22}: {wall:6.1f} s wall, {cpu:6.1f} s CPU, "
        f"CPU / {cores} cores = {cpu / cores:5.1f} s  ({summary})"
    )
    return done.returncode == 0


def main() -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("this kernel cannot hand orphaned processes to this script; CPU is undercounted")
    cores = len(os.sched_getaffinity(0))
    ok = all([run(name, extra, cores) for name, extra in RUNS])
    print("target (issue 12): make test's run ≤ 60 s wall on the 2-core machine")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
