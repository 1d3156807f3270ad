"""Who does what in the accreditation app: categories, the access matrix, people, badges."""

from __future__ import annotations

from garrison.accounts.roles import Role

# The accreditation office: categories and the category × zone matrix, people, their photos and
# rights, spreadsheet imports, issuing and revoking badges, printing them. The commander too.
OFFICERS: tuple[Role, ...] = (Role.COMMANDER, Role.ACCREDITATION_OFFICER)
# Who rotates the event's signing key: the same office, named apart because a rotation changes
# what signs every badge issued from then on.
KEY_MANAGERS: tuple[Role, ...] = OFFICERS
