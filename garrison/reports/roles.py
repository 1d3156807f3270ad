"""Who keeps the action plan: planners write its objectives; the command publishes it."""

from __future__ import annotations

from garrison.accounts.roles import COMMANDERS, PLANNERS, Role

WRITERS: tuple[Role, ...] = PLANNERS
PUBLISHERS: tuple[Role, ...] = COMMANDERS
