"""One Chromium and one live server per test process for the browser tests, on the suite's clock.

A launch costs about half a second of CPU, once per browser test module before; the tests of a
process now share one. It starts with the first test that asks for ``browser`` and stops as soon
as the next test does not (the root conftest's ``pytest_runtest_teardown``): while Playwright's
sync API is alive its event loop counts as running in this thread, so Django's async-safety guard
has to be lifted and ``async_to_sync`` refuses to run; no test outside the browser tests may see
that. The browser tests run first (the root conftest's ``pytest_collection_modifyitems``), so a
process normally starts Chromium once.

The live server (``serve``) lives as long: the project's ASGI application under uvicorn, in a
thread of the test process, on the test database. Starting one per test cost nothing, but
stopping it waited on uvicorn's tenth-of-a-second ticks, about 0.2 s a test. What the stop
guaranteed is kept by ``settle``: before a test's data is flushed, every connection its pages
opened is closed and every request they made has finished, so no late write reaches the next.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
# A page that asks for a camera gets Chromium's fake one, which films this file, and only where
# its context grants the camera (``permissions=["camera"]``); the camera test writes a badge's QR
# code here before it starts the scanner's camera (checkin/tests/test_scanner_camera.py). One
# Chromium serves that test too, rather than a second one launched for it.
CAMERA_FILE = Path(tempfile.gettempdir()) / f"garrison-test-camera-{os.getpid()}.y4m"


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


class LiveServer:
    """The ASGI application under uvicorn in a thread, on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        import uvicorn

        from garrison.asgi import application

        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        # No Date header: uvicorn would stamp the suite's frozen "now", days behind the real
        # clock Chromium's cache reads, so every static file (max-age=60) would arrive already
        # stale and be fetched again on every page. Without one, an answer's age counts from
        # its arrival.
        config = uvicorn.Config(
            application,
            lifespan="off",
            log_level="warning",
            ws="websockets-sansio",
            date_header=False,
        )
        self._uvicorn: uvicorn.Server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._uvicorn.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._uvicorn.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def settle(self, timeout: float = 5) -> None:
        """Return once no connection is open and no request is running (or after ``timeout``).

        The pages are closed by then (``close_pages``); their sockets close at once, and a
        request they left running finishes before its connection is dropped.
        """
        state = self._uvicorn.server_state
        deadline = time.monotonic() + timeout
        while (state.connections or state.tasks) and time.monotonic() < deadline:
            time.sleep(0.005)

    def stop(self) -> None:
        self._uvicorn.should_exit = True
        self._thread.join(timeout=5)
        self._socket.close()


class SharedChromium:
    def __init__(self) -> None:
        self._playwright = ExitStack()
        self.chromium: Browser | None = None
        self.server: LiveServer | None = None

    def serve(self) -> str:
        """The live server's address; it starts with the first test that asks for it."""
        if self.server is None:
            self.server = LiveServer()
        return self.server.url

    def start(self) -> Browser:
        if self.chromium is None:
            from playwright.sync_api import sync_playwright

            # Playwright's sync API keeps an event loop in this thread; Django's ORM calls in
            # the test body are still plain synchronous calls, so the guard is lifted for them.
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            playwright = self._playwright.enter_context(sync_playwright())
            chromium = playwright.chromium.launch(
                executable_path=shutil.which(CHROMIUM) or CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={CAMERA_FILE}",
                ],
            )
            self.chromium = on_suite_clock(chromium)
        return self.chromium

    def close_pages(self) -> None:
        """Close what a test opened before its server stops: no page polls a server that is gone."""
        if self.chromium is not None:
            for context in self.chromium.contexts:
                context.close()

    def settle(self) -> None:
        if self.server is not None:
            self.server.settle()

    def stop(self) -> None:
        """Stop Chromium and the live server (the root conftest, after the last browser test)."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        if self.chromium is not None:
            self.chromium.close()
            self._playwright.close()
            self.chromium = None
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


shared = SharedChromium()
