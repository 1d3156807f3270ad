"""One date and one date-time format per language (garrison/core/formats): day first, 24-hour clock.

Every GET page of the role × URL matrix is rendered, in English and in Vietnamese, for a role that
may see it, with the event holding what every row builds (so the lists are not empty), made on the
28th at 15:05: a month-first date (11/28/2026, Nov. 28, 2026) or a 12-hour clock (3:05 PM) would
show. The scanner's and the closure map's JavaScript clock is checked in Node.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation
from pytest_django import DjangoDbBlocker

from garrison.accounts.models import Role
from garrison.accounts.roles import UNIT_SCOPED_ROLES
from garrison.conftest import (
    NOW,
    made_as_the_suite,
    make_event,
    make_member,
    rows_for_the_module,
    verified_client,
)
from garrison.core.testing import Route
from garrison.core.tests.test_url_matrix import ROUTES
from garrison.events.models import Event
from garrison.traffic.notices import pdf as notice_pdf

# The afternoon of the 28th: a day that cannot be a month, an hour past noon.
MADE_AT = NOW.replace(hour=15, minute=5)
LANGUAGES = ("en", "vi")
# Not pages: the API answers ISO 8601 to programs (so do the feeds and map layers), images, PDFs
# (their dates are checked where they are built), the scanner's worker and manifest.
NOT_PAGES = {
    "accreditation:badge_job_pdf",
    "accreditation:badge_pdf",
    "accreditation:credential_qr",
    "accreditation:person_photo",
    "events:geojson",
    "healthz",
    "javascript-catalog",
    "metrics",
    "ops:incident_photo",
    "scan:manifest",
    "scan:service_worker",
    "traffic:roads",
}
PAGES = [
    route
    for route in ROUTES
    if route.method == "GET" and not route.name.startswith("api:") and route.name not in NOT_PAGES
]

TWELVE_HOUR = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:AM|PM|am|pm|a\.m\.|p\.m\.)|\b(?:AM|PM)\b")
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")
MONTH_NAME_FIRST = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?,"
)
SPELLED_VIETNAMESE = re.compile(r"\b[Tt]háng \d{1,2},? (?:năm )?\d{4}")  # Django's own vi format
ISO_ON_SHOW = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2})?")
HIDDEN = re.compile(r"<(script|style|textarea)\b.*?</\1>|<[^>]+>", re.DOTALL | re.IGNORECASE)


def shown_text(page: str) -> str:
    """What a reader sees: no tags (their attributes hold ISO for machines), scripts or styles."""
    return html.unescape(HIDDEN.sub(" ", page))


def mixed_formats(text: str) -> list[str]:
    found = [m.group(0) for m in TWELVE_HOUR.finditer(text)]
    found += [m.group(0) for m in NUMERIC_DATE.finditer(text) if int(m.group(2)) > 12]
    found += [m.group(0) for m in MONTH_NAME_FIRST.finditer(text)]
    found += [m.group(0) for m in SPELLED_VIETNAMESE.finditer(text)]
    found += [m.group(0) for m in ISO_ON_SHOW.finditer(text)]
    return found


def test_the_check_tells_the_formats_apart() -> None:
    assert not mixed_formats("28/11/2026 15:05 · 28/11 15:05 · 15:05:09 · 01/12/2026")
    for wrong in ("11/28/2026", "3:05 PM", "3:05 p.m.", "Nov. 28, 2026", "November 28, 2026"):
        assert mixed_formats(wrong), wrong
    assert mixed_formats("Ngày 28 tháng 11 năm 2026") and mixed_formats("2026-11-28 15:05")
    assert mixed_formats(shown_text("<td>3:05&nbsp;PM</td>"))
    assert not mixed_formats(shown_text('<time datetime="2026-11-28T15:05">28/11/2026</time>'))


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_one_day_first_24_hour_format(language: str) -> None:
    with translation.override(language):
        assert formats.date_format(MADE_AT.date(), "DATE_FORMAT") == "28/11/2026"
        assert formats.date_format(MADE_AT.date(), "SHORT_DATE_FORMAT") == "28/11/2026"
        local = MADE_AT.replace(tzinfo=None)
        assert formats.date_format(local, "DATETIME_FORMAT") == "28/11/2026 15:05"
        assert formats.date_format(local, "SHORT_DATETIME_FORMAT") == "28/11/2026 15:05"
        assert formats.time_format(local.time(), "TIME_FORMAT") == "15:05"
        assert formats.localize(local) == "28/11/2026 15:05"
        # The date widgets render ISO (all a browser's date input takes); typed, day first.
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%Y-%m-%d"
        assert "%d/%m/%Y" in formats.get_format("DATE_INPUT_FORMATS")
        assert not any("%m/%d" in f for f in formats.get_format("DATE_INPUT_FORMATS"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_notice_pdf_writes_its_windows_as_the_pages_do(language: str) -> None:
    evening = MADE_AT.replace(hour=21, minute=0)
    with translation.override(language):
        assert notice_pdf._window(MADE_AT, evening) == "28/11/2026\n15:05 – 21:00"
        overnight = evening + dt.timedelta(hours=5)
        assert notice_pdf._window(MADE_AT, overnight) == "28/11/2026 15:05 –\n29/11/2026 02:00"


# --- Every page of the matrix ------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    event: Event
    sessions: dict[str, str]  # role -> session key
    urls: dict[str, str]  # route name -> its URL on the event


def _url(route: Route, event: Event, made: dict[Callable[[Event], dict[str, Any]], Any]) -> str:
    if not route.event_scoped:
        return reverse(route.name)
    if route.kwargs not in made:
        # Each builder once (rows share them), each in its own savepoint: the objects stay for the
        # module so that the lists show them too.
        try:
            with transaction.atomic():
                made[route.kwargs] = route.kwargs(event)
        except IntegrityError:
            made[route.kwargs] = None
    kwargs = made[route.kwargs]
    if kwargs is None:
        return ""
    return reverse(route.name, kwargs={"event": event.slug, **kwargs})


@pytest.fixture(scope="module")
def scene(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Scene]:
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker), time_machine.travel(MADE_AT, tick=False):
            event = make_event()
            sessions = {
                role.value: str(
                    verified_client(make_member(event, role.value))
                    .cookies[settings.SESSION_COOKIE_NAME]
                    .value
                )
                for role in Role
            }
            made: dict[Callable[[Event], dict[str, Any]], Any] = {}
            urls = {route.name: _url(route, event, made) for route in PAGES}
        yield Scene(event=event, sessions=sessions, urls=urls)


def _role_for(route: Route) -> str | None:
    """A role that may see the page and sees the whole event (unit roles see only their unit)."""
    if route.roles is None:
        return None
    allowed = sorted(route.roles - UNIT_SCOPED_ROLES) or sorted(route.roles)
    return Role.COMMANDER.value if Role.COMMANDER.value in allowed else allowed[0]


@pytest.mark.parametrize("route", PAGES, ids=lambda r: r.name)
def test_every_page_shows_dates_day_first_on_a_24_hour_clock(
    route: Route, scene: Scene, db: None
) -> None:
    url = scene.urls[route.name]
    if not url:
        pytest.skip("the row's objects clash with another row's in one event")
    role = _role_for(route)
    for language in LANGUAGES:
        client = Client()
        if role is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = scene.sessions[role]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code < 500, (url, role, response.status_code)
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        text = shown_text(response.content.decode())
        assert not mixed_formats(text), (url, role, language, mixed_formats(text))


# --- The clock in the browser's JavaScript -----------------------------------------------------

CLOCK_JS = Path(__file__).resolve().parents[1] / "static" / "core" / "clock.js"


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_the_pages_javascript_clock_is_24_hour_day_first_in_the_events_zone() -> None:
    moments = [
        "2026-11-28T08:05:00Z",  # 15:05 in Hanoi
        "2026-11-28T17:30:00Z",  # past midnight in Hanoi: the next day
        "2026-12-15T05:00:00Z",  # noon
    ]
    runner = (
        "const clock = require(process.argv[1]);"
        "const moments = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(moments.map((m) => {"
        " const d = new Date(m), z = 'Asia/Ho_Chi_Minh';"
        " return [clock.time(d, z), clock.dayTime(d, z), clock.dateTime(d, z)]; })));"
    )
    node = shutil.which("node")
    assert node is not None
    out = subprocess.run(  # noqa: S603 - our own script and file
        [node, "-e", runner, str(CLOCK_JS)],
        input=json.dumps(moments),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
        env={"LANG": "en_US.UTF-8", "TZ": "America/New_York"},  # neither may leak in
    ).stdout
    assert json.loads(out) == [
        ["15:05", "28/11 15:05", "28/11/2026 15:05"],
        ["00:30", "29/11 00:30", "29/11/2026 00:30"],
        ["12:00", "15/12 12:00", "15/12/2026 12:00"],
    ]
