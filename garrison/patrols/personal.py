"""Patrols' personal data (garrison.core.personal): where a field officer's phone was when it
scanned a plaque (a visit's position and its accuracy), purged with the event's other positions.
A visit names its walker by account (the accounts app's data). Its distance from the plaque
stays: a number without a direction, and the evidence behind a "far from the plaque" flag.
"""

from __future__ import annotations

from garrison.core.personal import declare
from garrison.patrols.models import Visit

declare(Visit, fields=["lat", "lon", "accuracy_m"])
