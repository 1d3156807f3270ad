"""The role × URL matrix that every app fills in (docs/security.md #1).

Each app lists its routes in ``garrison/<app>/tests/url_matrix.py`` as ``ROUTES: list[Route]``.
``garrison/core/tests/test_url_matrix.py`` checks that every URL pattern of the project has a
row, and for every row and role that the answer is what the row says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from garrison.accounts import roles
from garrison.events.models import Event

# Test support, outside the layers (like the tests): the matrix rows name the role lists the
# views use, declared once in accounts/roles.py.
ALL_ROLES: frozenset[str] = frozenset(role.value for role in roles.Role)
PLANNERS: frozenset[str] = frozenset(roles.PLANNERS)
COMMANDERS: frozenset[str] = frozenset(roles.COMMANDERS)


def no_kwargs(event: Event) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Route:
    """One URL pattern, by its name, and who may use it.

    ``roles``: the event roles that get through (others get 403, members of other events 404).
    ``None`` marks a public URL: no login, no event. ``kwargs`` builds the URL's arguments
    (besides ``event``) from the event under test, creating whatever objects it needs.
    ``method``/``data``: the request the matrix sends; POST-only views are probed by POST.
    ``anonymous``: what a visitor who is not logged in gets: "login" (redirect), "401", "public".
    ``event_scoped``: whether the URL carries ``event``.
    """

    name: str
    roles: frozenset[str] | None
    kwargs: Callable[[Event], dict[str, Any]] = no_kwargs
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)
    anonymous: str = "login"
    event_scoped: bool = True
    content_type: str | None = None


JSON = "application/json"


class JsonBody(dict[str, Any]):
    """A JSON row body: the matrix sends ``str(data)``, so that string must be JSON."""

    def __str__(self) -> str:
        return json.dumps(self)
