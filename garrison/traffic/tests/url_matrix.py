"""Matrix rows for the traffic screens."""

from __future__ import annotations

from garrison.core.testing import Route

ROUTES: list[Route] = []
