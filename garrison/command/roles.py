"""Who does what across the event tree: the parent's command reads and directs, a sub-event's
command staff reports up."""

from __future__ import annotations

from garrison.accounts.roles import READ_DOWN_ROLES, Role

# Read the roll-up of the sub-events, the directives sent and the reports received.
READERS: tuple[Role, ...] = READ_DOWN_ROLES
# Send a directive down: only the parent's commanders give orders to the sub-events' commands.
SENDERS: tuple[Role, ...] = (Role.COMMANDER,)
# Send a situation report up: the sub-event's own command staff.
REPORTERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER)
