"""The migrations describe the models exactly.

The suite's SQLite template is made from the models (``schema_from_models.py``), while every
real database is made by the migrations; this is what keeps the two the same schema. A model
changed without its migration fails here, before it reaches anyone's database.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

from django.core.management import call_command


def test_no_model_change_lacks_its_migration(db: Any) -> None:
    # (``db``: makemigrations also checks the applied history against the database.)
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        raise AssertionError(f"models changed without a migration:\n{out.getvalue()}") from exit_
