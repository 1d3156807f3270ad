"""Planning's personal data (garrison.core.personal): the names of a meeting's attendees who
have no account (those with one are linked by id).

Free text the event's policy may purge (``free_text``): task comments, meeting minutes and
inspection notes, where people write what they saw and whom they spoke to. Titles, deliverables,
decisions and risks stay: they are the plan and its history.
"""

from __future__ import annotations

from garrison.core.personal import declare, free_text
from garrison.planning.models import Inspection, InspectionItem, Meeting, TaskComment

declare(Meeting, fields=["other_attendees"])

free_text(TaskComment, fields=["body"], event="task__event")
free_text(Meeting, fields=["minutes"])
free_text(Inspection, fields=["notes"])
free_text(InspectionItem, fields=["notes"], event="inspection__event")
