"""The write path for events, phases, sites, zones and the retention policy, one module each;
the purge of an event's personal data is ``services.purge``.

Every function: authorise → validate → change → audit (same transaction) → emit (after commit).
"""

from __future__ import annotations

from garrison.events.services.event import (
    EventData,
    PhaseData,
    create_phase,
    delete_phase,
    event_summary,
    phase_summary,
    update_event,
    update_phase,
)
from garrison.events.services.retention import RetentionData, retention_summary, set_retention
from garrison.events.services.sites import (
    SiteData,
    create_site,
    delete_site,
    site_feature,
    site_summary,
    update_site,
)
from garrison.events.services.zones import (
    ZoneData,
    create_zone,
    delete_zone,
    update_zone,
    zone_feature,
    zone_summary,
)

__all__ = [
    "EventData",
    "PhaseData",
    "RetentionData",
    "SiteData",
    "ZoneData",
    "create_phase",
    "create_site",
    "create_zone",
    "delete_phase",
    "delete_site",
    "delete_zone",
    "event_summary",
    "phase_summary",
    "retention_summary",
    "set_retention",
    "site_feature",
    "site_summary",
    "update_event",
    "update_phase",
    "update_site",
    "update_zone",
    "zone_feature",
    "zone_summary",
]
