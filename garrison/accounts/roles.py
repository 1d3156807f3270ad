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
# The pages (URL names) a reader from a parent event may open in a sub-event, by GET only: the
# picture of its state (dashboard, map, desk and incidents, plan and tasks, forces, occupancy and
# scans, traffic, patrols, readiness, sensor counts, team placement, its own roll-up) with each
# list's detail pages. Not its forms (a form is a write, refused even before it is shown), not
# the accreditation register (people, photos, badges), the member list, the audit log, drills,
# reports, plaque sheets or a unit's phone page: those stay with the sub-event's own command. A
# page left off this list is closed to the parent (403), never opened by accident.
READ_DOWN_PAGES = frozenset(
    {
        # events
        "events:dashboard",
        "events:dashboard_glance",
        "events:dashboard_panel",
        "events:map",
        "events:geojson",
        "events:tile",
        "events:phases",
        "events:sites",
        "events:zones",
        "events:retention",
        # Its own rule on top: only once the event is purged, never with personal data.
        "events:archive",
        # planning
        "planning:tasks",
        "planning:task",
        "planning:progress",
        "planning:digest",
        "planning:checklists",
        "planning:risks",
        "planning:risk",
        "planning:meetings",
        "planning:meeting",
        "planning:inspections",
        "planning:inspection",
        # forces
        "forces:tree",
        "forces:unit",
        "forces:members",
        "forces:qualifications",
        "forces:posts",
        "forces:roster",
        "forces:roster_run",
        "forces:roster_people",
        "forces:roster_post",
        "forces:roster_unit",
        "forces:my_schedule",
        # checkin
        "checkin:occupancy",
        "checkin:occupancy_panel",
        "checkin:checkpoints",
        "checkin:scans",
        # ops
        "ops:live",
        "ops:queue",
        "ops:incidents",
        "ops:incident",
        "ops:incident_log",
        "ops:incident_photo",
        "ops:units",
        "ops:unit_log",
        "ops:stats",
        "ops:types",
        # traffic
        "traffic:movements",
        "traffic:movement",
        "traffic:movement_compare",
        "traffic:closures",
        "traffic:disruption",
        "traffic:notices",
        "traffic:roads",
        "traffic:layers",
        # patrols
        "patrols:tours",
        "patrols:tour",
        "patrols:points",
        "patrols:layer",
        # readiness
        "readiness:board",
        "readiness:catalogue",
        "readiness:requirements",
        "readiness:resources",
        "readiness:resource",
        "readiness:comms",
        "readiness:comms_print",
        "readiness:medical",
        "readiness:medical_print",
        "readiness:safety",
        "readiness:safety_print",
        # sensors
        "sensors:overview",
        "sensors:layer",
        "sensors:segments_geojson",
        # coverage
        "coverage:placements",
        "coverage:placement",
        "coverage:layer",
        "coverage:lost",
        # command: the sub-event's own roll-up of what lies below it
        "command:rollup",
    }
)
