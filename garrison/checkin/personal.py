"""Check-in's personal data (garrison.core.personal): the name an enrolment gives the phone it
makes a scanner (often its guard's name), as on the device itself (``accounts.personal``)."""

from __future__ import annotations

from garrison.checkin.models import Enrolment
from garrison.core.personal import declare

declare(Enrolment, fields=["name"], pseudonym="enrolment", renamed="name")
