"""The accounts write path, one module per concept: memberships, scanner devices, second factors.

Every function authorises, validates, changes and audits in the same transaction; nothing else in
accounts writes to the database.
"""

from __future__ import annotations

from garrison.accounts.services.devices import (
    authenticate_device,
    authenticate_devices,
    enrol_device,
    revoke_device,
)
from garrison.accounts.services.memberships import (
    add_member,
    change_membership,
    create_member,
    ensure_member_as_system,
    membership_summary,
    remove_membership,
)
from garrison.accounts.services.mfa import Verdict, check_code, confirm_device, pending_device

__all__ = [
    "Verdict",
    "add_member",
    "authenticate_device",
    "authenticate_devices",
    "change_membership",
    "check_code",
    "confirm_device",
    "create_member",
    "enrol_device",
    "ensure_member_as_system",
    "membership_summary",
    "pending_device",
    "remove_membership",
    "revoke_device",
]
