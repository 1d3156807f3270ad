"""Who does what with drills.

A script is the exercise's secret: players who saw it would know what comes at which minute.
Planners write it; controllers (the commander and the duty officer on the desk) run the drill;
nobody else reads either.
"""

from __future__ import annotations

from garrison.accounts.roles import Role

SCRIPT_EDITORS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)
CONTROLLERS: tuple[Role, ...] = (Role.COMMANDER, Role.DUTY_OFFICER)
READERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER)
