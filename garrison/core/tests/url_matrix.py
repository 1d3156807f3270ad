"""Matrix rows for the platform's own URLs."""

from __future__ import annotations

from garrison.core.testing import Route

ROUTES: list[Route] = [
    # The start page needs a login but no event; it lists the user's events.
    Route("home", roles=None, event_scoped=False, anonymous="login"),
    Route("healthz", roles=None, event_scoped=False, anonymous="public"),
    # No login either: it answers by address (the test client's is loopback, allowed by default)
    # or bearer token, whoever is logged in (test_health_and_metrics.py).
    Route("metrics", roles=None, event_scoped=False, anonymous="public"),
    Route(
        "set_language",
        roles=None,
        event_scoped=False,
        anonymous="public",
        method="POST",
        data={"language": "en"},
    ),
    Route("javascript-catalog", roles=None, event_scoped=False, anonymous="public"),
]
