"""Who does what in the forces app: the command tree, members, posts and the roster."""

from __future__ import annotations

from garrison.accounts.roles import PLANNERS as EVENT_PLANNERS
from garrison.accounts.roles import Role

# The event's planners (the command and its planners): the whole tree, top-level units too,
# qualifications, posts, the roster rules, hand-made shifts and solving the roster.
PLANNERS: tuple[Role, ...] = EVENT_PLANNERS
# Who edits only inside their own unit's subtree, and only when attached to a unit.
SUBTREE_EDITORS: tuple[Role, ...] = (Role.UNIT_COMMANDER,)
# Who may change units, members and members' unavailability: the planners anywhere, the subtree
# editors inside their unit's subtree.
TREE_EDITORS: tuple[Role, ...] = (*PLANNERS, *SUBTREE_EDITORS)
