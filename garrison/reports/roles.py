"""Who keeps the action plan: planners write its objectives; the command publishes it."""

from __future__ import annotations

from garrison.accounts.roles import COMMANDERS, PLANNERS, Role

WRITERS: tuple[Role, ...] = PLANNERS
PUBLISHERS: tuple[Role, ...] = COMMANDERS
# Situation reports: the command staff who keep the picture (the command's own "reporters").
SITREP_AUTHORS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER)
