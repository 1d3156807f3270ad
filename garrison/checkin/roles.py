"""Who does what in the check-in app: checkpoints, scanner enrolment, the scans log.

Scanner devices are not members: they authenticate with their own tokens (``api``). Occupancy
counts, which name no one, are open to every member of the event.
"""

from __future__ import annotations

from garrison.accounts.roles import Role

# The gate office: set up checkpoints, enrol phones as their scanners, read the scans log. The
# officer who started an enrolment must still hold one of these roles when the phone redeems it.
OFFICERS: tuple[Role, ...] = (Role.COMMANDER, Role.ACCREDITATION_OFFICER)
