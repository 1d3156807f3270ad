"""Who does what with team placements."""

from __future__ import annotations

from garrison.accounts.roles import PLANNERS as EVENT_PLANNERS
from garrison.accounts.roles import Role

# The event's planners study and save placements; every member reads them, and the dispatch
# screen asks what a team's departure costs in coverage.
PLANNERS: tuple[Role, ...] = EVENT_PLANNERS
