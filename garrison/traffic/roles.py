"""Who does what in the traffic app: movements, closures, detours, notices, road networks."""

from __future__ import annotations

from garrison.accounts.roles import PLANNERS as EVENT_PLANNERS
from garrison.accounts.roles import Role

# The event's planners (the command and its planners): plan movements, close roads, draw and
# remove closures, compare routes and read the disruption estimates, draft, publish and withdraw
# public notices, change a road network's speeds. Every member reads the plan.
PLANNERS: tuple[Role, ...] = EVENT_PLANNERS
