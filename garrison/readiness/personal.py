"""Readiness's personal data (garrison.core.personal): none. Items are named by type and serial
number, held by units, placed at sites, zones and posts; the history names who acted by user id
only, and an import keeps the cleaned rows of an inventory, which name no person."""

from __future__ import annotations
