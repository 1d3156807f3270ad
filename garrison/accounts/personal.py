"""Accounts' personal data (garrison.core.personal): users' real names and e-mail addresses, and
scanner devices' names (a phone is often named after the guard who holds it).

A username is not declared: it names a Garrison operator account, which the audit log shows as
the actor of every entry (``garrison.audit.services``).
"""

from __future__ import annotations

from garrison.accounts.models import Device, User
from garrison.core.personal import declare

declare(User, fields=["full_name", "first_name", "last_name", "email"])
declare(Device, fields=["name"], pseudonym="device", renamed="name")
