"""Who may do what with the event itself: every member reads the event, its phases, sites and
zones; these roles change them."""

from __future__ import annotations

from garrison.accounts.roles import PLANNERS, Role

# Who edits the event's settings, phases, sites and zones (views, services and the API alike).
EDITORS: tuple[Role, ...] = PLANNERS
