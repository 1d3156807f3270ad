"""Planning's personal data (garrison.core.personal): the names of a meeting's attendees who
have no account (those with one are linked by id)."""

from __future__ import annotations

from garrison.core.personal import declare
from garrison.planning.models import Meeting

declare(Meeting, fields=["other_attendees"])
