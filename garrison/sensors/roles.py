"""Who does what with counting devices and crowd thresholds.

Counts name no one: every member of the event reads the sensors page. Counting devices post with
their own tokens (``api``) and are not members.
"""

from __future__ import annotations

from garrison.accounts.roles import Role

# Add counting devices, issue and revoke their tokens, draw road segments, edit the thresholds.
MANAGERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)
# Set a zone's count back (after an evacuation, or when a count has drifted): the desk too.
RESETTERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER)
