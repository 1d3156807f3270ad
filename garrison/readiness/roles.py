"""Who keeps the event's resources: each list declared once for views, services and tests."""

from __future__ import annotations

from garrison.accounts.roles import COMMANDERS, PLANNERS, Role

# Logistics is the command's: commanders and planners keep the catalogue, the inventory, the
# minimum levels and the imports, and assign, return, check and repair items. Every other member
# reads; the unit-scoped roles (a unit commander, a field officer) read their units' items only.
LOGISTICS: tuple[Role, ...] = PLANNERS

# The safety message (ICS 208) is approved by the command, as its block 6 asks of the
# incident commander; planners write it.
SAFETY_APPROVERS: tuple[Role, ...] = COMMANDERS
