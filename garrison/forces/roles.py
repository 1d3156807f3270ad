"""Who does what in the forces app: the command tree, members, posts and the roster."""

from __future__ import annotations

from garrison.accounts import decorators
from garrison.accounts.models import Role

# The event's planners (the command and its planners): the whole tree, top-level units too,
# qualifications, posts, the roster rules, hand-made shifts and solving the roster.
PLANNERS: tuple[Role, ...] = decorators.PLANNERS
# Who may change units, members and members' unavailability: the planners anywhere, a unit
# commander attached to a unit only inside that unit's subtree.
TREE_EDITORS: tuple[Role, ...] = (*PLANNERS, Role.UNIT_COMMANDER)
