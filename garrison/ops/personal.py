"""Operations' personal data (garrison.core.personal): how to reach the resident who sent a tip,
the photos sent with incidents, and the units' positions (a phone's tells where its officer is).

The purge also drops the event's incident live events from the journal: they carry the
incident's text as the desk saw it (a resident's words may name them) and the handler's name,
and a catch-up long after the event has no use for them. With the tips it deletes the throttle's
rows (a keyed hash of each sender's address, one per tip): they count no longer.

Free text the event's policy may purge (``free_text``): incidents' descriptions (a resident's
tip in their own words), the notes of status changes, and the incidents' and units' activity
logs. The incident's type, times, place, severity and outcome stay.
"""

from __future__ import annotations

from garrison.core.personal import also, declare, free_text
from garrison.core.services.personal_purge import drop_live_events, live_events
from garrison.ops.live_events import INCIDENT_CREATED, INCIDENT_NOTE, INCIDENT_UPDATED
from garrison.ops.models import (
    Incident,
    IncidentPhoto,
    IncidentTransition,
    Note,
    UnitNote,
    UnitStatus,
)

# An incident's own record (what, where) stays after the event; its reporter's contact does not.
declare(Incident, fields=["contact"])
declare(IncidentPhoto, fields=["data", "sha256"], pseudonym="photo", event="incident__event")

JOURNALLED = (INCIDENT_CREATED.name, INCIDENT_UPDATED.name, INCIDENT_NOTE.name)


def _journal_pending(event_id: int) -> int:
    return live_events(event_id, JOURNALLED).count()


def _journal_purge(event_id: int, limit: int) -> int:
    return drop_live_events(event_id, JOURNALLED, limit)


also(Incident, "live_journal", pending=_journal_pending, purge=_journal_purge)


# The services behind the throttle and the positions are imported when a purge runs, not when
# every process starts (this module is read at start-up): they bring the routing's SciPy, Shapely
# and Pillow with them.
def _throttle_pending(event_id: int) -> int:
    from garrison.ops.tips.services import throttle_pending

    return throttle_pending(event_id)


def _throttle_purge(event_id: int, limit: int) -> int:
    from garrison.ops.tips.services import purge_throttle

    return purge_throttle(event_id, limit)


also(Incident, "tip_throttle", pending=_throttle_pending, purge=_throttle_purge)

free_text(Incident, fields=["description"])
free_text(IncidentTransition, fields=["note"], event="incident__event")
free_text(Note, fields=["text"], event="incident__event")
free_text(UnitNote, fields=["text"], event="unit__event")


# A unit's position: the registry knows text, not coordinates, so the source (a text field) is
# declared and ``positions`` empties the rest of the position with it. ``shared``: "phone" and
# "desk" are words, not anyone's data, and fill the audit log's texts elsewhere.
declare(UnitStatus, fields=["position_source"], shared=["position_source"])


def _positions_pending(event_id: int) -> int:
    from garrison.ops.positions.services import positions_pending

    return positions_pending(event_id)


def _positions_purge(event_id: int, limit: int) -> int:
    from garrison.ops.positions.services import purge_positions

    return purge_positions(event_id, limit)


also(UnitStatus, "positions", pending=_positions_pending, purge=_positions_purge)
