"""The ``garrison`` command on a database that was never migrated says what to run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_command_before_migrate_says_to_migrate_instead_of_a_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "GARRISON_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "garrison.manage", "audit_verify"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Run `garrison migrate` first" in done.stderr
    assert "Traceback" not in done.stderr
