"""One Chromium per test process for the browser tests, on the suite's clock.

A launch costs about half a second of CPU, once per browser test module before; the tests of a
process now share one. It starts with the first test that asks for ``browser`` and stops as soon
as the next test does not (the root conftest's ``pytest_runtest_teardown``): while Playwright's
sync API is alive its event loop counts as running in this thread, so Django's async-safety guard
has to be lifted and ``async_to_sync`` refuses to run; no test outside the browser tests may see
that. The browser tests run first (the root conftest's ``pytest_collection_modifyitems``), so a
process normally starts Chromium once.
"""

from __future__ import annotations

import os
import shutil
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"


def on_suite_clock(chromium: Browser) -> Browser:
    """Every page of ``chromium`` reads the suite's clock: the server's frozen, ticking "now".

    The server thread runs under the suite's travelled clock; without this the page's own
    ``Date`` would be today's, and a badge made for the suite's day would look expired.
    """
    new_context = chromium.new_context

    def context_on_suite_clock(**options: Any) -> BrowserContext:
        from django.utils import timezone

        context = new_context(**options)
        context.clock.install(time=timezone.now())
        return context

    def page_on_suite_clock(**options: Any) -> Page:
        return context_on_suite_clock(**options).new_page()

    chromium.new_context = context_on_suite_clock  # type: ignore[method-assign]
    chromium.new_page = page_on_suite_clock  # type: ignore[method-assign]
    return chromium


class SharedChromium:
    def __init__(self) -> None:
        self._playwright = ExitStack()
        self.chromium: Browser | None = None

    def start(self) -> Browser:
        if self.chromium is None:
            from playwright.sync_api import sync_playwright

            # Playwright's sync API keeps an event loop in this thread; Django's ORM calls in
            # the test body are still plain synchronous calls, so the guard is lifted for them.
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            playwright = self._playwright.enter_context(sync_playwright())
            chromium = playwright.chromium.launch(
                executable_path=shutil.which(CHROMIUM) or CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            self.chromium = on_suite_clock(chromium)
        return self.chromium

    def close_pages(self) -> None:
        """Close what a test opened before its server stops: no page polls a server that is gone."""
        if self.chromium is not None:
            for context in self.chromium.contexts:
                context.close()

    def stop(self) -> None:
        if self.chromium is not None:
            self.chromium.close()
            self._playwright.close()
            self.chromium = None
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


shared = SharedChromium()
