"""Shared fixtures: an event with one named user per role, an outsider, and a second event.

Names follow the healthchecks habit: tests read like "the commander does X, the outsider gets 404".
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import select
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import import_module
from typing import Any, SupportsIndex

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.management import create_contenttypes
from django.core.handlers.base import BaseHandler
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_migrate
from django.test import Client
from django.test.client import AsyncClientHandler, ClientHandler
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks.signals import clear_tasks_handlers
from pytest_django import DjangoDbBlocker

from garrison.accounts.middleware import SEEN, STARTED
from garrison.accounts.models import Membership, Role, User
from garrison.core import live
from garrison.core.tests.template_db import (  # noqa: F401 - hooks, registered from here
    cloned_databases,
    pytest_configure_node,
    pytest_sessionfinish,
    pytest_sessionstart,
)
from garrison.events.models import Event

PASSWORD = "correct horse battery staple"


def _sleep_without_clock_nanosleep(seconds: float | SupportsIndex) -> None:
    select.select([], [], [], float(seconds))


if "faketime" in os.environ.get("LD_PRELOAD", ""):
    # CI runs the suite under libfaketime with FAKETIME_DONT_FAKE_MONOTONIC=1 (the shifted-clock
    # runs in .ci/run). libfaketime 0.9.10, Debian 12's, then fails clock_nanosleep on the
    # monotonic clock with EINVAL, and time.sleep (Python >= 3.11) uses exactly that call;
    # select's timeout, like every other timed wait, is unaffected.
    time.sleep = _sleep_without_clock_nanosleep

# The suite's "now". Every test runs with the clock travelled here (and ticking on from it), so no
# test depends on the day it runs; fixture dates are built from it. Move it in a test with the
# ``clock`` fixture (``clock.move_to(...)``, ``clock.shift(...)``).
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

# The suite creates hundreds of users; a deliberately slow production hasher would make the
# role matrix alone take minutes. Hashing strength is Django's concern, not what these tests prove.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Every live event a test emits is checked against its declaration (an app's live_events.py):
# an undeclared kind or a payload of another shape raises instead of being logged and dropped as
# in production (garrison.core.live).
settings.LIVE_EVENTS_STRICT = True

# Background jobs run on the queue's immediate backend: a job starts when the transaction that
# queued it commits, and is done before the request answers. A test inside one transaction (most
# are) never commits, so its job waits for the test to run it (``execute_job``), as it always
# did. The tests of the queue itself switch to the database backend and run real workers.
settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
clear_tasks_handlers(setting="TASKS")

# Every test client builds Django's middleware stack on its first request, and WhiteNoise's part
# of it walks every static file (finders, outside production): ~10 ms per client, paid a dozen
# times by each role-matrix test. A server builds the stack once for all its requests; the
# clients here share one the same way, and build it again after a test changes a setting (which
# a middleware may read when it is built). The autouse ``_english`` fixture's LANGUAGE_CODE is
# read per request, never by a middleware's constructor, so it keeps the stack.
_stacks: dict[tuple[type, bool], tuple[Any, ...]] = {}
_SETTINGS_NO_MIDDLEWARE_READS_AT_BUILD = {"LANGUAGE_CODE", "TASKS"}
_build_middleware = ClientHandler.load_middleware
# What BaseHandler.load_middleware sets on the handler.
_STACK = (
    "_view_middleware",
    "_template_response_middleware",
    "_exception_middleware",
    "_middleware_chain",
)


def _shared_middleware(handler: BaseHandler, is_async: bool = False) -> None:
    key = (type(handler), is_async)
    if key not in _stacks:
        _build_middleware(handler, is_async)
        _stacks[key] = tuple(getattr(handler, name) for name in _STACK)
    for name, value in zip(_STACK, _stacks[key], strict=True):
        setattr(handler, name, value)


def _forget_middleware(setting: str, **kwargs: Any) -> None:
    if setting not in _SETTINGS_NO_MIDDLEWARE_READS_AT_BUILD:
        _stacks.clear()


ClientHandler.load_middleware = _shared_middleware  # type: ignore[method-assign,assignment]
AsyncClientHandler.load_middleware = _shared_middleware  # type: ignore[method-assign,assignment]
setting_changed.connect(_forget_middleware, dispatch_uid="garrison.tests.forget_middleware")


# A transactional test (the browser's, the workers', the live feed's) ends with a flush of every
# table, and a flush then emits post_migrate, whose two receivers rebuild the content types and
# the permissions of every model: ~0.12 s of each such test, against ~0.01 s for the flush itself.
# Garrison uses neither (roles are its own: garrison.accounts.roles), so the test databases never
# hold them; a content type asked for by a library is made when it is asked for, as in Django.
post_migrate.disconnect(dispatch_uid="django.contrib.auth.management.create_permissions")
post_migrate.disconnect(create_contenttypes)


def make_event(slug: str = "congress", name: str = "Party congress") -> Event:
    return Event.objects.create(
        slug=slug,
        name=name,
        starts_on=NOW.date() + dt.timedelta(days=3),
        ends_on=NOW.date() + dt.timedelta(days=5),
        time_zone="Asia/Ho_Chi_Minh",
    )


def make_member(
    event: Event, role: str, username: str | None = None, unit_id: int | None = None
) -> User:
    user = User.objects.create_user(username=username or f"{role}-{event.slug}", password=PASSWORD)
    Membership.objects.create(user=user, event=event, role=role, unit_id=unit_id)
    return user


@cache
def _login_backend() -> str:
    """The backend Django's test client logs in with: the first one that can load a user."""
    return next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )


def verified_client(user: User) -> Client:
    """A client logged in as ``user`` who has also passed the TOTP second factor.

    Its session holds what a login with the second factor leaves there: the user, the backend
    and password hash that authenticate it, both session clocks and the verified device. It is
    written directly rather than through ``login()``, whose signal handlers (the last-login stamp,
    the lockout log) concern the login tests, which log in through the pages; here they would
    cost a dozen statements for each of the several hundred clients the suite makes.
    """
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    now = int(time.time())
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = _login_backend()
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[STARTED] = now
    session[SEEN] = now
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@contextmanager
def rows_for_the_module(blocker: DjangoDbBlocker) -> Iterator[None]:
    """Rows that a module's tests share, made once for the module instead of once per test.

    A module-scoped fixture makes them inside this block (within ``made_as_the_suite``) and
    yields inside it: they live in a transaction that wraps the module's tests and is rolled back
    after them. Each test runs in a savepoint inside it (pytest-django's ``db``), so whatever a
    test writes is undone before the next one.
    """
    with blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextmanager
def made_as_the_suite(blocker: DjangoDbBlocker) -> Iterator[None]:
    """Database access on the suite's clock and in English, as a function fixture has it (the
    autouse ``clock`` and ``_english`` fixtures are not active yet for a module fixture)."""
    with blocker.unblock(), time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings: None,
    request: pytest.FixtureRequest,
    django_db_blocker: DjangoDbBlocker,
) -> Iterator[bool]:
    """pytest-django's own (the xdist suffix), then this worker's copy of the run's migrated
    template database (``garrison/core/tests/template_db.py``); yields whether it made one."""
    yield from cloned_databases(request.config, django_db_blocker)


@pytest.fixture(scope="session")
def django_db_keepdb(django_db_keepdb: bool, django_db_modify_db_settings: bool) -> bool:
    """A copy of the template is an existing, migrated test database: use it, don't recreate it."""
    return django_db_keepdb or django_db_modify_db_settings


@pytest.fixture(scope="session", autouse=True)
def basemaps_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Base maps a test builds (``import_roads`` builds one) never land in the real var/."""
    settings.GARRISON_BASEMAP_DIR = tmp_path_factory.mktemp("basemaps")


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    """The clock at the suite's ``NOW``, ticking; a test moves it with ``clock.shift``."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def event(db: Any) -> Event:
    return make_event()


@pytest.fixture
def other_event(db: Any) -> Event:
    return make_event("summit", "Other summit")


@pytest.fixture
def members(event: Event) -> dict[str, User]:
    """One user per role in ``event``, keyed by role value.

    The same rows ``make_member`` makes for each role, in the same order, written in two
    statements instead of twenty (no signal listens to users or memberships being saved).
    """
    password = make_password(PASSWORD)
    users = [User(username=f"{role.value}-{event.slug}", password=password) for role in Role]
    User.objects.bulk_create(users)
    Membership.objects.bulk_create(
        Membership(user=user, event=event, role=role.value)
        for user, role in zip(users, Role, strict=True)
    )
    return {role.value: user for user, role in zip(users, Role, strict=True)}


@pytest.fixture
def commander(members: dict[str, User]) -> User:
    return members[Role.COMMANDER]


@pytest.fixture
def planner(members: dict[str, User]) -> User:
    return members[Role.PLANNER]


@pytest.fixture
def viewer(members: dict[str, User]) -> User:
    return members[Role.VIEWER]


@pytest.fixture
def outsider(db: Any) -> User:
    """Logged-in user with no membership in any event."""
    return User.objects.create_user(username="outsider", password=PASSWORD)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return verified_client


@pytest.fixture
def membership_of() -> Callable[[User, Event], Membership]:
    def get(user: User, event: Event) -> Membership:
        return Membership.objects.select_related("event", "user").get(user=user, event=event)

    return get


def _audit_trigger_sql() -> tuple[list[str], list[str]]:
    import importlib

    from django.db import connection

    migration = importlib.import_module("garrison.audit.migrations.0002_append_only_triggers")
    if connection.vendor == "postgresql":
        return migration.POSTGRES_UP, migration.POSTGRES_DOWN
    return migration.SQLITE_UP, migration.SQLITE_DOWN


def audit_triggers_installed() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_entry_no_%%'")
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE 'audit_entry_no_%'"
            )
        row = cursor.fetchone()
    return bool(row and row[0])


def install_audit_triggers() -> None:
    from django.db import connection

    up, _ = _audit_trigger_sql()
    with connection.cursor() as cursor:
        for sql in up:
            cursor.execute(sql)


def remove_audit_triggers() -> None:
    from django.db import connection

    _, down = _audit_trigger_sql()
    with connection.cursor() as cursor:
        for sql in down:
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _append_only_audit(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the audit triggers in force for every test, yet let transactional tests clean up.

    A transactional test ends with a flush (DELETE/TRUNCATE of every table), which the
    append-only triggers rightly refuse. So the triggers are lifted just before that flush and
    put back before the next test that touches the database.
    """
    uses_db = any(
        name in request.fixturenames for name in ("db", "transactional_db")
    ) or request.node.get_closest_marker("django_db")
    if not uses_db:
        yield
        return
    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    if not audit_triggers_installed():
        install_audit_triggers()
    yield
    if _is_transactional(request):
        remove_audit_triggers()


def _is_transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.fixture(autouse=True)
def _live_events_as_declared() -> Iterator[None]:
    """An emit that breaks its declaration raises on the spot; one that did so where nobody
    hears the exception (a worker thread, a background run) fails its test here."""
    live.rejected.clear()
    yield
    rejected, live.rejected[:] = list(live.rejected), []
    assert not rejected, "live events that do not match their declaration:\n" + "\n".join(rejected)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """Tests read English messages unless they switch language themselves."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect garbage less often: about a tenth of the suite's CPU went to the collector.

    What exists once the tests are collected (Django, every app, every test module, their
    parameters) lives until the run ends, so it is frozen out of every later collection; and the
    youngest generation is collected after 50,000 new objects instead of 700, since each test
    makes thousands (querysets, templates' contexts) that die with it anyway.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests first, those on the shared Chromium after those with their own.

    The longest tests start first, and a process's Chromium serves its browser tests in one go
    (``garrison/core/tests/chromium.py``). The order is the same in every process, as
    pytest-xdist requires.
    """

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("browser") is None:
            return 2
        return 1 if "browser" in getattr(item, "fixturenames", ()) else 0

    items.sort(key=rank)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    from garrison.core.tests.chromium import shared

    shared.close_pages()
    try:
        return (yield)
    finally:
        if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
            shared.stop()


@pytest.fixture(autouse=True)
def _no_personal_data_in_audit(request: pytest.FixtureRequest) -> Iterator[None]:
    """No audit entry a test wrote carries a declared personal value (docs/security.md #23;
    the check: ``garrison/audit/tests/personal_check.py``)."""
    uses_db = any(
        name in request.fixturenames for name in ("db", "transactional_db")
    ) or request.node.get_closest_marker("django_db")
    if not uses_db:
        yield
        return
    from garrison.audit.tests.personal_check import check_audit_log

    request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
    yield
    check_audit_log()
