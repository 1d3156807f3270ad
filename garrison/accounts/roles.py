"""The roles a member holds in an event, and which roles may do what: each list declared once.

Views (``@event_view(*COMMANDERS)``), services (``require_role(membership, DEVICE_MANAGERS)``),
the navigation and the tests all read these names; none of them spells a list of roles out.
Apps above accounts declare their own lists from these roles in their own ``roles.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMANDER = "commander", _("Commander")
    PLANNER = "planner", _("Planner")
    UNIT_COMMANDER = "unit_commander", _("Unit commander")
    DUTY_OFFICER = "duty_officer", _("Duty officer")
    DISPATCHER = "dispatcher", _("Dispatcher")
    ACCREDITATION_OFFICER = "accreditation_officer", _("Accreditation officer")
    FIELD_OFFICER = "field_officer", _("Field officer")
    VIEWER = "viewer", _("Viewer")


# Who commands the event: manages its members and reads its audit log.
COMMANDERS: tuple[Role, ...] = (Role.COMMANDER,)
# Who plans: changes the event's plan (its phases, sites, zones, tasks, posts…).
PLANNERS: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER)

# Roles whose holders must pass a second factor before they can act (docs/security.md #6).
MFA_ROLES = frozenset({Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER})
# Roles whose view is narrowed to their unit's subtree when the membership names a unit.
UNIT_SCOPED_ROLES = frozenset({Role.UNIT_COMMANDER, Role.FIELD_OFFICER})

# Who gives people roles in the event, changes and removes them.
MEMBER_MANAGERS: tuple[Role, ...] = COMMANDERS
# Who enrols and revokes the event's scanner devices.
DEVICE_MANAGERS: tuple[Role, ...] = (Role.COMMANDER, Role.ACCREDITATION_OFFICER)
# Who reads the audit log: it names every actor and holds before/after copies of every change.
AUDIT_READERS: tuple[Role, ...] = COMMANDERS

# Who reads down the event tree: these roles in a parent event read every sub-event below it
# (its dashboard, desk, plan, occupancy…) but act only where they hold a role of their own. The
# command staff that runs the parent: its commanders, its planners and its 24/7 duty desk.
READ_DOWN_ROLES: tuple[Role, ...] = (Role.COMMANDER, Role.PLANNER, Role.DUTY_OFFICER)
# The sections (URL namespaces) a reader from a parent event may open in a sub-event. Not the
# accreditation register (people, photos), the member list nor the audit log: those stay with
# the sub-event's own command.
READ_DOWN_SECTIONS = frozenset(
    {
        "events",
        "planning",
        "forces",
        "checkin",
        "ops",
        "traffic",
        "patrols",
        "readiness",
        "sensors",
        "coverage",
        "command",
    }
)
