"""Who may do what with the event itself: every member reads the event, its phases, sites and
zones; these roles change them."""

from __future__ import annotations

from garrison.accounts.roles import COMMANDERS, PLANNERS, Role

# Who edits the event's settings, phases, sites and zones (views, services and the API alike).
EDITORS: tuple[Role, ...] = PLANNERS
# Who sets when the event's personal data is purged and which kinds of it; every member reads it.
RETENTION_EDITORS: tuple[Role, ...] = COMMANDERS
# Who exports the event's archive (``services.archive``): its commanders, and after the purge
# the commanders of the events above it too; personal data only its own.
ARCHIVE_EXPORTERS: tuple[Role, ...] = COMMANDERS
