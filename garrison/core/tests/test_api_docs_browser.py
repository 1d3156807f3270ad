"""The API docs page in real Chromium: Swagger UI from Garrison's own static files draws the
operations under the same content security policy as every page, with nothing refused."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from garrison.core.tests.test_browser import browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

from playwright.sync_api import Browser, expect  # noqa: E402


def test_the_api_docs_list_the_operations_with_nothing_refused(
    browser: Browser,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlparse(r.url).netloc))
    # The browser's own report of what the policy refused, listening before any script runs.
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )

    response = page.goto(server + reverse("api:openapi-view"))
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Garrison API")
    scans = page.locator(".opblock-summary-path[data-path='/api/v1/checkin/scans']")
    expect(scans).to_be_visible()
    sites = page.locator(".opblock-summary-path[data-path='/api/v1/events/{event}/sites']")
    expect(sites.first).to_be_visible()
    page.get_by_text("Decide and record one scan").click()  # an operation opens
    expect(page.locator(".opblock.is-open")).to_contain_text("Verify signature and key")

    violations = page.evaluate("window.__violations")
    assert violations == [], violations
    assert errors == [], errors  # no refused script or style, no script error, no 404
    assert hosts == {urlparse(server).netloc}, hosts  # no CDN, nothing from another origin
