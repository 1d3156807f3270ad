"""The forces' personal data (garrison.core.personal): members' names and contacts, and why a
member cannot work (a reason is often health or family)."""

from __future__ import annotations

from garrison.core.personal import declare
from garrison.forces.models import ForceMember, Unavailability

declare(
    ForceMember,
    fields=["full_name", "contact"],
    pseudonym="member",
    url="forces:member_edit",
    renamed="full_name",
)
declare(Unavailability, fields=["reason"], event="member__event")
