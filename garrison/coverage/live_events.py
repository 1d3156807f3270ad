"""Coverage's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from garrison.core.live import Ref, declare

PLACEMENT_SAVED = declare("coverage.placement.saved", Ref)
# A placement's live suggestion was solved again on the live crowd (or failed to be).
LIVE_SUGGESTED = declare("coverage.placement.live", Ref)
