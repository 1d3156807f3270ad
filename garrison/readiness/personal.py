"""Readiness's personal data (garrison.core.personal): none. Items are named by type and serial
number, held by units, placed at sites, zones and posts; the history names who acted by user id
only, and an import keeps the cleaned rows of an inventory, which name no person. A hospital's
contacts are its emergency department's lines, not a person's (and stay out of the audit chain);
a safety message names who prepared and approved it by user id."""

from __future__ import annotations
