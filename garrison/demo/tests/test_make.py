"""`make demo` serves one uvicorn process with the timer watcher inside it and runs a worker of
the task queue beside it, and a mistyped address there shows Garrison's own 404 page.

The demo's recipe runs for real, with stand-ins for ``garrison`` and ``uvicorn`` that record
what they were asked to do and with which settings (and the whole environment they were given).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

STAND_IN = """#!/bin/bash
echo "$(basename "$0") timers=${GARRISON_TIMERS_IN_SERVER:-0} demo=${GARRISON_DEMO:-0} $*" >> "$DEMO_LOG"
env -0 > "$DEMO_LOG.$(basename "$0").env"
# The server stays until the worker started beside it has said what it was asked (the recipe
# stops the worker when the server ends).
if [ "$(basename "$0")" = uvicorn ]; then
  for _ in $(seq 100); do [ "$(wc -l < "$DEMO_LOG")" -ge 4 ] && break; sleep 0.1; done
fi
"""


def run_make_demo(tmp_path: Path, env: dict[str, str]) -> list[str]:
    """Run `make demo` with the stand-ins; the calls they recorded, one line each."""
    for name in ("garrison", "uvicorn"):
        (tmp_path / name).write_text(STAND_IN)
        (tmp_path / name).chmod(0o755)
    # -o: take install/assets/messages as done; BIN: the stand-ins instead of the real commands.
    done = ["-o", "install", "-o", "assets", "-o", "messages"]
    subprocess.run(  # noqa: S603 - fixed arguments
        [str(shutil.which("make")), "-s", "-C", str(ROOT), *done, "demo", f"BIN={tmp_path}"],
        env={**env, "DEMO_LOG": str(tmp_path / "log")},
        stdout=subprocess.DEVNULL,
        check=True,
        timeout=60,
    )
    return (tmp_path / "log").read_text().splitlines()


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_demo_serves_one_process_with_the_timer_watcher_inside_and_a_worker_beside(
    tmp_path: Path,
) -> None:
    calls = run_make_demo(tmp_path, dict(os.environ))
    # The server and the worker start together: in either order.
    setup, together = calls[:2], sorted(calls[2:])
    assert [call.split()[:3] for call in [*setup, *together]] == [
        ["garrison", "timers=0", "demo=1"],
        ["garrison", "timers=0", "demo=1"],
        # The worker is told the timers are the server's: its alerts would not reach the pages.
        ["garrison", "timers=1", "demo=1"],
        ["uvicorn", "timers=1", "demo=1"],
    ]
    assert calls[0].split()[3] == "migrate" and calls[1].split()[3] == "load_demo"
    assert together[0].split()[3:] == ["worker"]
    assert together[1].split()[3:] == [
        *("garrison.asgi:application", "--host", "127.0.0.1", "--port", "8000"),
    ]


# Run in a child process, so Django starts with exactly the demo server's environment.
MISTYPED = """
import django
django.setup()
from django.test import Client
response = Client().get("/acounts/login/", headers={"host": "127.0.0.1", "accept-language": "en"})
print(response.status_code)
print(response.content.decode())
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_a_mistyped_address_in_the_demo_shows_garrisons_404_page(tmp_path: Path) -> None:
    # From a shell with no DEBUG set, as a new user runs it.
    run_make_demo(tmp_path, {k: v for k, v in os.environ.items() if k != "DEBUG"})
    server_env = dict(
        item.split("=", 1)
        for item in (tmp_path / "log.uvicorn.env").read_text().split("\0")
        if "=" in item
    )
    assert server_env["GARRISON_DEMO"] == "1"
    child_env = {
        **server_env,
        "DJANGO_SETTINGS_MODULE": "garrison.settings",
        "PYTHONPATH": str(ROOT),
        # A place of its own: the page needs no data, and the child must not touch the suite's.
        "GARRISON_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", MISTYPED],
        env=child_env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    status, html = result.stdout.split("\n", 1)
    assert status == "404"
    assert '<a class="brand"' in html  # Garrison's page, in its shell
    assert "There is nothing here, or you have no access to it." in html
    # Not Django's debug page, which lists every URL pattern of the project.
    assert "URLconf" not in html and "Page not found at" not in html
    assert "slug:event" not in html and "api/v1/" not in html
