"""Who plans what: the plan's role lists, declared here once for its views, services and tests."""

from __future__ import annotations

from garrison.accounts.models import Role

# The command plans the whole event: it keeps the risk register, the checklists and the meetings,
# imports tasks, reads the daily digest, and alone verifies that a done task is done.
PLANNERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)
# Who may write tasks and record inspections for a unit: the command for any unit, a unit
# commander only for the units of their own subtree (the task services check the subtree).
UNIT_PLANNERS: tuple[Role, ...] = (*PLANNERS, Role.UNIT_COMMANDER)
