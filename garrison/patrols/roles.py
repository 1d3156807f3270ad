"""Who does what with patrols: planners lay out points and tours; field officers walk them."""

from __future__ import annotations

from garrison.accounts.roles import Role

# Lay out patrol points, print their plaques, plan tours and their schedules.
PLANNERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)
# Walk a tour: scan the plaques with the phone.
WALKERS: tuple[Role, ...] = (
    Role.COMMANDER,
    Role.PLANNER,
    Role.UNIT_COMMANDER,
    Role.DUTY_OFFICER,
    Role.FIELD_OFFICER,
)
# Read the compliance report and the open rounds.
READERS: tuple[Role, ...] = (*WALKERS, Role.DISPATCHER, Role.VIEWER)
