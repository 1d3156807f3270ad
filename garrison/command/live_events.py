"""The command's live events (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import declare


class DirectiveSent(TypedDict):
    id: int
    event_ids: list[int]


class ReportReceived(TypedDict):
    id: int
    from_event_id: int
    incidents_open: int


# On the parent: a directive went down; on each addressed sub-event: one arrived.
DIRECTIVE_SENT = declare("command.directive.sent", DirectiveSent)
DIRECTIVE_RECEIVED = declare("command.directive.received", DirectiveSent)
# On the parent's board: a sub-event reported.
REPORT_RECEIVED = declare("command.report.received", ReportReceived)
