"""Every page fits a phone: Garrison is used from a guard's or a field officer's hand.

Each GET route of the role × URL matrix is opened in real Chromium at 390 × 844, as a role that
may see it (the commander where the commander may, else the first role the row lets through;
public pages as a visitor). A page fails when the document is wider than the screen: something
on it (a table, a map, a long word) makes the whole page scroll sideways, and the guard with a
phone loses the status or action column off the edge.

The pages are walked in ``PARTS`` tests, each every ``PARTS``-th page: the walk is the longest
browser test by far, and in parts the suite's processes share it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.accounts.roles import UNIT_SCOPED_ROLES
from garrison.conftest import verified_client
from garrison.core.testing import Route
from garrison.core.tests import test_browser as core_browser
from garrison.core.tests.test_url_matrix import ROUTES
from garrison.events.models import Event

pytestmark = pytest.mark.browser

browser = core_browser.browser
server = core_browser.server
demo = core_browser.demo

from playwright.sync_api import Browser, BrowserContext, ViewportSize, expect  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402

PHONE: ViewportSize = {"width": 390, "height": 844}
NO_SOCKETS = "window.WebSocket = class { close() {} send() {} };"
# Roles tried in this order: the commander sees nearly everything; the others cover the rest.
ORDER = ["commander", "planner", "duty_officer", "dispatcher", "accreditation_officer"]
PARTS = 3


def _role_for(route: Route) -> str | None:
    """The role to open ``route`` as; None for a public page (opened as a visitor)."""
    if route.roles is None:
        return None
    return min(
        route.roles,
        key=lambda r: (r in UNIT_SCOPED_ROLES, ORDER.index(r) if r in ORDER else len(ORDER), r),
    )


GET_PAGES = [r for r in ROUTES if r.method == "GET" and not r.name.startswith("api:")]


def test_the_parts_walk_every_page_once() -> None:
    names = [route.name for part in range(PARTS) for route in GET_PAGES[part::PARTS]]
    assert sorted(names) == sorted(route.name for route in GET_PAGES)


def _urls(event: Event, part: int) -> list[tuple[str, str | None, str]]:
    """(route name, role, url) of the part's GET pages, their objects made in ``event``."""
    try:
        with transaction.atomic():  # as the matrix's rows make them, inside a test's
            return _pages(event, GET_PAGES[part::PARTS])
    finally:
        connections.close_all()


def _pages(event: Event, routes: list[Route]) -> list[tuple[str, str | None, str]]:
    pages = []
    for route in routes:
        kwargs = {"event": event.slug, **route.kwargs(event)} if route.event_scoped else None
        pages.append((route.name, _role_for(route), reverse(route.name, kwargs=kwargs)))
    return pages


def _session_for(event: Event, role: str) -> str:
    try:
        membership = (
            Membership.objects.filter(event=event, role=role).select_related("user").first()
        )
        if membership is None:
            user = User.objects.create_user(username=f"phone-{role}")
            Membership.objects.create(user=user, event=event, role=role)
        else:
            user = membership.user
        return str(verified_client(user).cookies[settings.SESSION_COOKIE_NAME].value)
    finally:
        connections.close_all()


@pytest.mark.parametrize("part", range(PARTS))
def test_every_page_fits_a_phone_screen(
    browser: Browser, server: str, demo: Event, part: int
) -> None:
    # Objects and sessions are made in a thread of their own: writes publish live events through
    # async_to_sync, which refuses to run where Playwright's event loop lives.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pages = pool.submit(_urls, demo, part).result()
        roles = sorted({role for _, role, _ in pages if role})
        sessions = {role: pool.submit(_session_for, demo, role).result() for role in roles}
    contexts: dict[str | None, BrowserContext] = {}

    def page_for(role: str | None) -> Any:
        if role not in contexts:
            context = browser.new_context(viewport=PHONE, is_mobile=True)
            # Widths are all this test reads: the pages' live feed (a socket each, its catch-up
            # queries on the server) would only cost time, so the pages get a socket that never
            # connects.
            context.add_init_script(NO_SOCKETS)
            if role is not None:
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": sessions[role], "url": server}]
                )
            context.new_page()
            contexts[role] = context
        return contexts[role].pages[0]

    wide: list[str] = []
    for name, role, url in pages:
        page = page_for(role)
        try:
            response = page.goto(server + url, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            # A PDF or another file to save: nothing laid out on the screen.
            if "Download is starting" not in str(exc):
                raise
            continue
        assert response is not None and response.status < 500, (name, role, response)
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            continue
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            wide.append(f"{name} as {role or 'visitor'}: {overflow}px wider than the screen")
        if name == "events:dashboard":
            # The header and both menu rows leave most of the screen to the content.
            top = page.evaluate("document.getElementById('main').getBoundingClientRect().top")
            assert top <= 120, f"the content starts {top}px down a phone's 844"
            # The sections wait behind "Menu", one tap away.
            sections = page.locator("nav.appnav").first
            expect(sections).to_be_hidden()
            page.get_by_role("button", name="Menu").click()
            expect(sections).to_be_visible()
            expect(page.get_by_role("button", name="Menu")).to_have_attribute(
                "aria-expanded", "true"
            )
    assert not wide, "\n".join(wide)
