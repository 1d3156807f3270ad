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
# Who evaluates (HSEEP's evaluators): the command staff who watch the desk and the field, never
# the players (dispatchers, unit commanders, field officers), who would rate themselves.
EVALUATORS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER)
# Who turns areas for improvement into planning tasks (the planners of the event).
IMPROVEMENT_PLANNERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)
