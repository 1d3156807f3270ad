"""Who does what at the operations desk."""

from __future__ import annotations

from garrison.accounts.models import Role

# The 24/7 desk: triage, dispatch, status changes.
DESK: tuple[Role, ...] = (Role.COMMANDER, Role.DUTY_OFFICER, Role.DISPATCHER)
# Anyone on duty may report what they see; unit-scoped reporters tie it to their unit.
REPORTERS: tuple[Role, ...] = (*DESK, Role.UNIT_COMMANDER, Role.FIELD_OFFICER)
# The list of incident types is configuration: command and planners.
TYPE_EDITORS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)
# A unit answers for itself on its phone page.
UNIT_CREW: tuple[Role, ...] = (*DESK, Role.UNIT_COMMANDER, Role.FIELD_OFFICER)
# The desk's configuration (tips open, response-time targets): the commander decides.
SETTINGS_EDITORS: tuple[Role, ...] = (Role.COMMANDER,)
# Whom the incident simulator acts as: the desk's watch staff, dispatcher first.
SIMULATED_DESK: tuple[Role, ...] = (Role.DISPATCHER, Role.DUTY_OFFICER)
