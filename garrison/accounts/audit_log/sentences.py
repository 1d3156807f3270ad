"""Each audit entry as a sentence a commander reads: "Jane Doe (Commander) published notice 3".

The log stores action codes (``traffic.notice.published``); this is the one place that says
what each code means in words. Every code any service records has a phrase here: the suite scans
the code base for them (tests/test_audit_log_sentences.py). A code missing here still reads,
from its own words ("notice published"), but untranslated.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import pgettext_lazy as p

# The first word of an action code names the app that recorded it; readers know them by these.
AREAS: dict[str, Promise] = {
    "events": p("audit area", "Event"),
    "planning": p("audit area", "Plan"),
    "forces": p("audit area", "Forces"),
    "accreditation": p("audit area", "Accreditation"),
    "checkin": p("audit area", "Gates"),
    "ops": p("audit area", "Operations"),
    "traffic": p("audit area", "Traffic"),
    "patrols": p("audit area", "Patrols"),
    "sensors": p("audit area", "Counts"),
    "coverage": p("audit area", "Team placement"),
    "readiness": p("audit area", "Readiness"),
    "drills": p("audit area", "Drills"),
    "command": p("audit area", "Command"),
    "reports": p("audit area", "Reports"),
    "accounts": p("audit area", "Accounts"),
    "demo": p("audit area", "Demo data"),
}

# Action code → what the actor did, followed in the sentence by the object's name.
PHRASES: dict[str, Promise] = {
    # accounts
    "accounts.user.created": p("audit", "created the account"),
    "accounts.user.reset": p("audit", "reset the sign-in of account"),
    "accounts.otp.enrolled": p("audit", "set up a second factor for account"),
    "accounts.membership.created": p("audit", "added a member to the event:"),
    "accounts.membership.changed": p("audit", "changed the role of member"),
    "accounts.membership.removed": p("audit", "removed from the event member"),
    "accounts.device.enrolled": p("audit", "enrolled the device"),
    "accounts.device.revoked": p("audit", "revoked the device"),
    # events
    "events.event.created": p("audit", "created the event"),
    "events.event.updated": p("audit", "updated the event"),
    "events.event.parent_set": p("audit", "placed under a parent event the event"),
    "events.subevent.changed": p("audit", "changed the sub-events: joined or left,"),
    "command.directive.sent": p("audit", "sent the directive"),
    "command.directive.received": p("audit", "received from the parent event the directive"),
    "command.report.sent": p("audit", "sent up the situation report"),
    "command.report.received": p("audit", "received from a sub-event the situation report"),
    "events.phase.created": p("audit", "created the phase"),
    "events.phase.updated": p("audit", "updated the phase"),
    "events.phase.deleted": p("audit", "deleted the phase"),
    "events.site.created": p("audit", "created the site"),
    "events.site.updated": p("audit", "updated the site"),
    "events.site.deleted": p("audit", "deleted the site"),
    "events.zone.created": p("audit", "created the zone"),
    "events.zone.updated": p("audit", "updated the zone"),
    "events.zone.deleted": p("audit", "deleted the zone"),
    "events.retention.updated": p("audit", "changed the personal data retention policy of"),
    "events.personal_data.purged": p("audit", "purged the personal data, certified by"),
    "events.archive.exported": p("audit", "exported the archive of"),
    # planning
    "planning.task.created": p("audit", "created the task"),
    "planning.task.updated": p("audit", "updated the task"),
    "planning.task.status_changed": p("audit", "changed the status of task"),
    "planning.task.commented": p("audit", "commented on task"),
    "planning.risk.created": p("audit", "created the risk"),
    "planning.risk.updated": p("audit", "updated the risk"),
    "planning.risk.deleted": p("audit", "deleted the risk"),
    "planning.risk.mitigation_linked": p("audit", "linked a mitigating task to risk"),
    "planning.meeting.created": p("audit", "recorded the meeting"),
    "planning.meeting.updated": p("audit", "updated the meeting"),
    "planning.meeting.decided": p("audit", "recorded a decision of meeting"),
    "planning.meeting.snapshot_taken": p("audit", "took a snapshot of the plan for meeting"),
    "planning.checklist.created": p("audit", "created the checklist"),
    "planning.checklist.updated": p("audit", "updated the checklist"),
    "planning.inspection.created": p("audit", "scheduled the inspection"),
    "planning.inspection.recorded": p("audit", "recorded the results of inspection"),
    "planning.inspection.item_tasked": p("audit", "made a task from a finding of inspection"),
    # forces
    "forces.unit.created": p("audit", "created the unit"),
    "forces.unit.updated": p("audit", "updated the unit"),
    "forces.unit.deleted": p("audit", "deleted the unit"),
    "forces.member.created": p("audit", "added the force member"),
    "forces.member.updated": p("audit", "updated the force member"),
    "forces.member.deleted": p("audit", "removed the force member"),
    "forces.qualification.created": p("audit", "created the qualification"),
    "forces.post.created": p("audit", "created the post"),
    "forces.post.updated": p("audit", "updated the post"),
    "forces.post.deleted": p("audit", "deleted the post"),
    "forces.unavailability.added": p("audit", "recorded an absence of"),
    "forces.unavailability.removed": p("audit", "removed an absence of"),
    "forces.roster_rules.updated": p("audit", "changed the roster rules of"),
    "forces.roster.run_started": p("audit", "started building the roster"),
    "forces.roster.solved": p("audit", "finished building the roster"),
    "forces.assignment.pinned": p("audit", "pinned the shift"),
    "forces.assignment.removed": p("audit", "removed the shift"),
    # accreditation
    "accreditation.category.created": p("audit", "created the badge category"),
    "accreditation.category.updated": p("audit", "updated the badge category"),
    "accreditation.category.deleted": p("audit", "deleted the badge category"),
    "accreditation.grant.changed": p("audit", "changed the zones of badge category"),
    "accreditation.person.created": p("audit", "accredited"),
    "accreditation.person.updated": p("audit", "updated the accreditation of"),
    "accreditation.person.deleted": p("audit", "deleted the accreditation of"),
    "accreditation.person.photo_set": p("audit", "set the photo of"),
    "accreditation.person_grant.changed": p("audit", "changed the zones granted to"),
    "accreditation.import.previewed": p("audit", "checked the import file"),
    "accreditation.import.confirmed": p("audit", "imported the people of"),
    "accreditation.import.discarded": p("audit", "discarded the import"),
    "accreditation.credential.issued": p("audit", "issued a badge to"),
    "accreditation.credential.batch_issued": p("audit", "issued badges in batch"),
    "accreditation.credential.reissued": p("audit", "reissued the badge of"),
    "accreditation.credential.revoked": p("audit", "revoked the badge of"),
    "accreditation.key.created": p("audit", "created the badge signing key"),
    "accreditation.key.rotated": p("audit", "rotated the badge signing key"),
    "accreditation.badge_job.started": p("audit", "started printing badges:"),
    "accreditation.badge_job.built": p("audit", "finished printing badges:"),
    "accreditation.demo.loaded": p("audit", "loaded the demo accreditations"),
    # checkin
    "checkin.checkpoint.created": p("audit", "created the checkpoint"),
    "checkin.checkpoint.updated": p("audit", "updated the checkpoint"),
    "checkin.checkpoint.deleted": p("audit", "deleted the checkpoint"),
    "checkin.enrolment.started": p("audit", "started enrolling a scanner at"),
    "checkin.enrolment.redeemed": p("audit", "enrolled a scanner at"),
    "checkin.scan.typed": p("audit", "typed a badge serial at"),
    # patrols
    "patrols.point.created": p("audit", "created the patrol point"),
    "patrols.point.updated": p("audit", "updated the patrol point"),
    "patrols.tour.created": p("audit", "created the patrol tour"),
    "patrols.tour.updated": p("audit", "updated the patrol tour"),
    "patrols.visits.recorded": p("audit", "sent patrol scans"),
    # ops
    "ops.incident.created": p("audit", "opened the incident"),
    "ops.incident.tip_received": p("audit", "received a tip as incident"),
    "ops.incident.triaged": p("audit", "triaged the incident"),
    "ops.incident.taken": p("audit", "took charge of incident"),
    "ops.incident.released": p("audit", "released incident"),
    "ops.incident.status_changed": p("audit", "changed the status of incident"),
    "ops.incident.note_added": p("audit", "added a note to incident"),
    "ops.incident.photo_added": p("audit", "added a photo to incident"),
    "ops.incident.merged": p("audit", "merged the incident"),
    "ops.incident.dispatched": p("audit", "dispatched a unit to incident"),
    "ops.assignment.acknowledged": p("audit", "acknowledged the dispatch"),
    "ops.unit.status_changed": p("audit", "changed the status of unit"),
    "ops.unit.note_added": p("audit", "added a note about unit"),
    "ops.timer.breached": p("audit", "flagged an overdue response on"),
    "ops.settings.updated": p("audit", "changed the operations settings"),
    "ops.incident_type.created": p("audit", "created the incident type"),
    "ops.incident_type.updated": p("audit", "updated the incident type"),
    # drills
    "drills.script.created": p("audit", "created the drill script"),
    "drills.script.updated": p("audit", "updated the drill script"),
    "drills.script.copied": p("audit", "copied a drill script as"),
    "drills.inject.created": p("audit", "added the inject"),
    "drills.inject.updated": p("audit", "updated the inject"),
    "drills.inject.deleted": p("audit", "deleted the inject"),
    "drills.import.previewed": p("audit", "checked an import of injects"),
    "drills.import.confirmed": p("audit", "imported the injects of"),
    "drills.import.discarded": p("audit", "discarded the import of injects"),
    "drills.drill.created": p("audit", "prepared the drill"),
    "drills.drill.started": p("audit", "started the drill"),
    "drills.drill.paused": p("audit", "paused the drill"),
    "drills.drill.resumed": p("audit", "resumed the drill"),
    "drills.drill.stopped": p("audit", "ended the drill"),
    "drills.drill.stopped_for_emergency": p("audit", "stopped for a real emergency the drill"),
    "drills.inject.released": p("audit", "released into the desk"),
    "drills.inject.failed": p("audit", "could not release into the desk"),
    "drills.inject.skipped": p("audit", "skipped"),
    "drills.observation.recorded": p("audit", "recorded an observation:"),
    "drills.objective.rated": p("audit", "rated an objective:"),
    "drills.corrective_action.added": p("audit", "planned a corrective action:"),
    "drills.script.retest_added": p("audit", "added areas for improvement to re-test to"),
    # traffic
    "traffic.network.imported": p("audit", "imported the road network"),
    "traffic.network.speeds_changed": p("audit", "changed the road speeds of"),
    "traffic.movement.planned": p("audit", "planned the movement"),
    "traffic.closures.planned": p("audit", "planned road closures for"),
    "traffic.closure.drawn": p("audit", "drew the road closure"),
    "traffic.closure.removed": p("audit", "removed the road closure"),
    "traffic.notice.drafted": p("audit", "drafted the notice"),
    "traffic.notice.published": p("audit", "published notice"),
    "traffic.notice.withdrawn": p("audit", "withdrew the notice"),
    # sensors
    "sensors.device.added": p("audit", "added the counting device"),
    "sensors.device.token_issued": p("audit", "issued a new token to the counting device"),
    "sensors.device.revoked": p("audit", "revoked the counting device"),
    "sensors.device.stale": p("audit", "noticed the silence of the counting device"),
    "sensors.device.back": p("audit", "heard again from the counting device"),
    "sensors.segment.added": p("audit", "added the counted road segment"),
    "sensors.thresholds.changed": p("audit", "changed the crowd thresholds of zone"),
    "sensors.occupancy.reset": p("audit", "reset the count of people in zone"),
    # coverage
    "coverage.placement.saved": p("audit", "saved the team placement"),
    "coverage.placement.live_solved": p("audit", "solved again on the live crowd the placement"),
    # readiness
    "readiness.kind.created": p("audit", "created the resource kind"),
    "readiness.type.created": p("audit", "created the resource type"),
    "readiness.type.updated": p("audit", "updated the resource type"),
    "readiness.catalogue.installed": p("audit", "added the standard resource types to"),
    "readiness.resource.created": p("audit", "took in the item"),
    "readiness.resource.updated": p("audit", "updated the item"),
    "readiness.resource.assigned": p("audit", "assigned to a place the item"),
    "readiness.resource.returned": p("audit", "returned to store the item"),
    "readiness.resource.checked": p("audit", "recorded a check of item"),
    "readiness.resource.repaired": p("audit", "recorded a repair of item"),
    "readiness.requirement.set": p("audit", "set a minimum level of resources:"),
    "readiness.requirement.deleted": p("audit", "removed a minimum level of resources:"),
    "readiness.alert.raised": p("audit", "raised an expiry or inspection alert for item"),
    "readiness.import.previewed": p("audit", "checked an inventory file:"),
    "readiness.import.confirmed": p("audit", "imported the inventory file"),
    "readiness.import.discarded": p("audit", "discarded the inventory file"),
    "readiness.channel.created": p("audit", "added the radio channel"),
    "readiness.channel.updated": p("audit", "updated the radio channel"),
    "readiness.channel.deleted": p("audit", "deleted the radio channel"),
    "readiness.hospital.created": p("audit", "entered the medical capabilities of hospital"),
    "readiness.hospital.updated": p("audit", "updated the medical capabilities of hospital"),
    "readiness.safety.created": p("audit", "wrote the safety message"),
    "readiness.safety.updated": p("audit", "updated the safety message"),
    "readiness.safety.approved": p("audit", "approved the safety message"),
    # reports
    "reports.plan.objectives": p("audit", "wrote the objectives of"),
    "reports.plan.published": p("audit", "published the action plan"),
    "reports.plan.publish_requested": p("audit", "asked for the action plan to be published:"),
    "reports.sitrep.published": p("audit", "published the situation report"),
    "reports.sitrep.schedule": p("audit", "set the times of the situation reports:"),
    # demo
    "demo.event.removed": p("audit", "removed the demo event"),
}


def area_of(action: str) -> str:
    """The human name of the app an action belongs to ("Traffic"), else its first word."""
    prefix = action.split(".", 1)[0]
    name = AREAS.get(prefix)
    return str(name) if name is not None else prefix


def phrase_for(action: str) -> str:
    """What the actor did, in the active language; an unknown code reads from its own words."""
    known = PHRASES.get(action)
    if known is not None:
        return str(known)
    words = action.split(".")[1:] or [action]
    return " ".join(word.replace("_", " ") for word in reversed(words))


def unnamed_actor(label: str) -> str:
    """Who acted when no account or device did: the public (a tip) or Garrison itself (a
    command, a timer, a background job)."""
    if label.startswith("public:"):
        return gettext("A member of the public")
    return gettext("Garrison (automatic)")
