"""Shared set-up for the benchmarks: a throw-away database under a temporary var/ directory.

Benchmarks print figures; they never assert speed (that is the reader's judgement).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from garrison.events.models import Event

ROOT = Path(__file__).resolve().parent.parent


def setup() -> None:
    """Configure Django on a fresh database (SQLite unless DATABASE_URL says otherwise)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("GARRISON_VAR_DIR", tempfile.mkdtemp(prefix="garrison-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def make_event(slug: str = "congress", name: str = "Party congress") -> Event:
    """The suite's standard event (it opens three days ahead and lasts three), dated from today.

    Not ``garrison.conftest.make_event``: that one dates from the suite's frozen day, and a
    benchmark runs on the real clock, as do the servers it starts; once that day's event was
    over, the tip form refused every tip of the intake benchmark.
    """
    import datetime as dt

    from django.utils import timezone

    from garrison.events.models import Event

    today = timezone.localdate()
    return Event.objects.create(
        slug=slug,
        name=name,
        starts_on=today + dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=5),
        time_zone="Asia/Ho_Chi_Minh",
    )


def timed(fn: Callable[[], object], repeat: int = 1) -> float:
    """Seconds per call, the best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))
    return ordered[index]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with (
            suppress(OSError),
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2),
        ):
            return
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def gunicorn(port: int, env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    """gunicorn as the README's production section starts it for the pages and the API."""
    return subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            *(sys.executable, "-m", "gunicorn", "garrison.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--workers", str(workers), "--worker-class", "gthread", "--threads", "32"),
            *("--log-level", "warning", "--reuse-port"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def scan_floor(code: str) -> tuple[float, float]:
    """The physical floor of one scan decision, measured here: seconds for one Ed25519
    verification of ``code`` and for one durable commit of the configured database."""
    from django.db import connection, transaction

    from garrison.accreditation.credentials.signing import decode, signature_ok
    from garrison.accreditation.credentials.verify import public_keys
    from garrison.accreditation.models import SigningKey

    payload, body, signature = decode(code)
    key = public_keys(SigningKey.objects.get(key_id=payload.key_id).event)[payload.key_id]
    start = time.perf_counter()
    for _ in range(2000):
        signature_ok(body, signature, key)
    verify = (time.perf_counter() - start) / 2000
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_commit (x INTEGER)")
    start = time.perf_counter()
    for _ in range(300):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit (x) VALUES (1)")
    return verify, (time.perf_counter() - start) / 300
