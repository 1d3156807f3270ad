"""Shared set-up for the benchmarks: a throw-away database under a temporary var/ directory.

Benchmarks print figures; they never assert speed (that is the reader's judgement).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

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
