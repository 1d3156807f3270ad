"""What one ``load_demo`` run did: the event, the logins to print, and counts of what it made."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from garrison.accounts.models import User
from garrison.events.models import Event


@dataclass
class DemoLogin:
    user: User
    role: str
    device: Any = None  # the confirmed TOTPDevice for roles that need a second factor


@dataclass
class LoadReport:
    event: Event
    logins: list[DemoLogin] = field(default_factory=list)
    created: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    # The first day of the demo this run removed because it was placed for another day.
    replaced: dt.date | None = None
    # The demo users' password, for parts that add users of their own (demo.command).
    password: str = ""
