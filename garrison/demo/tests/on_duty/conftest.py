"""The demo congress with its forces on duty, loaded once per test process for this package.

The roll of about 300 members (written member by member through the audited service) and the
roster built on it are most of what the tests here would each load. So the package loads them
once (``load_demo --only forces,posts`` on the suite's clock) in a transaction that wraps its
tests and is rolled back after the last of them; each test runs in a savepoint inside it, and
each module's own fixture in another. Every test here loads its parts again on top, as a rerun
of ``load_demo`` does: the forces and posts are found there, the rest is created.

Only tests that start from the congress with its forces belong here: a test of an empty
database, or of a demo placed for another day, stays in ``garrison/demo/tests``.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

from garrison.conftest import made_as_the_suite, rows_for_the_module


@pytest.fixture(scope="package", autouse=True)
def forces_on_duty(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            call_command("load_demo", "--only", "forces,posts", "--quiet-qr", stdout=StringIO())
        yield
