"""Operations' personal data (garrison.core.personal): how to reach the resident who sent a tip,
and the photos sent with incidents."""

from __future__ import annotations

from garrison.core.personal import declare
from garrison.ops.models import Incident, IncidentPhoto

# An incident's own record (what, where) stays after the event; its reporter's contact does not.
declare(Incident, fields=["contact"])
declare(IncidentPhoto, fields=["data", "sha256"], pseudonym="photo")
