"""Reports' personal data (garrison.core.personal): a published action plan's PDF lists the
members on each assignment (ICS 204) by name, so its bytes go when the event's force members'
names go: the purge of ``ForceMember`` empties them (``also``), in batches, idempotently.

The bytes are not declared as a personal field of their own: their SHA-256 must stand in the
audit chain, which is how a copy in hand is checked, and the suite's check forbids the digest of
a declared file there. The digest is of the whole packet, not of one person's file; it names no
one. After the purge the digest, the signature and the audit entry still say which version a
copy was; the copy itself is no longer kept.
"""

from __future__ import annotations

from garrison.core.personal import also
from garrison.forces.models import ForceMember
from garrison.reports.models import PublishedPlan


def _kept_packets(event_id: int) -> int:
    return PublishedPlan.objects.filter(event_id=event_id).exclude(pdf=b"").count()


def _erase_packets(event_id: int, limit: int) -> int:
    from garrison.reports.services import erase_packets

    return erase_packets(event_id, limit)


also(ForceMember, "action plan packets", pending=_kept_packets, purge=_erase_packets)
