"""Matrix rows for the command: its readers see the roll-up, commanders send directives and
place the event in the tree, the command staff reports up."""

from __future__ import annotations

from garrison.command.roles import READERS as READER_ROLES
from garrison.command.roles import REPORTERS as REPORTER_ROLES
from garrison.command.roles import SENDERS as SENDER_ROLES
from garrison.core.testing import COMMANDERS, Route

READERS: frozenset[str] = frozenset(READER_ROLES)
SENDERS: frozenset[str] = frozenset(SENDER_ROLES)
REPORTERS: frozenset[str] = frozenset(REPORTER_ROLES)

ROUTES: list[Route] = [
    Route("command:rollup", roles=READERS),
    Route("command:directive_create", roles=SENDERS),
    Route("command:report_create", roles=REPORTERS),
    Route("command:parent", roles=COMMANDERS),
    Route("api:command_rollup", roles=READERS, anonymous="401"),
    Route("api:command_state", roles=READERS, anonymous="401"),
]
