"""Photos attached to incidents, under the same rules as accreditation photos.

The checks live in ``garrison.core.images.clean_photo`` (JPEG/PNG by content, size and
pixel limits, no polyglot, no path-like name, re-encoded without metadata) and are used as they
are, so both apps refuse and keep exactly the same things. Photos are shown to the desk only.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, User
from garrison.audit.services import Actor, record
from garrison.core.errors import DomainError
from garrison.core.images import MAX_BYTES, clean_photo
from garrison.ops.incidents.feed import emit_incident
from garrison.ops.incidents.services import lock
from garrison.ops.live_events import INCIDENT_UPDATED
from garrison.ops.models import Incident, IncidentPhoto, Status
from garrison.ops.roles import REPORTERS

MAX_PHOTOS_PER_INCIDENT = 10
# A photo can still matter after the incident is resolved (the report is written later),
# but not once it is closed or folded into another report.
NO_MORE_PHOTOS = (Status.CLOSED, Status.CANCELLED, Status.DUPLICATE)


def read_upload(upload: UploadedFile[bytes]) -> tuple[bytes, str]:
    """At most one byte more than the limit: enough for ``clean_photo`` to refuse a big file
    without holding all of it in memory."""
    return upload.read(MAX_BYTES + 1), upload.name or ""


def store_photo(
    incident: Incident, encoded: bytes, digest: str, *, user: User | None, label: str
) -> IncidentPhoto:
    """Keep an already cleaned photo; the caller holds the transaction and audits."""
    return IncidentPhoto.objects.create(
        incident=incident,
        data=encoded,
        sha256=digest,
        at=timezone.now(),
        user=user,
        actor_label=label,
    )


def add_photo(
    membership: Membership, incident: Incident, data: bytes, filename: str
) -> IncidentPhoto:
    require_role(membership, REPORTERS)
    encoded, digest = clean_photo(data, filename)
    user = membership.user
    with transaction.atomic():
        locked = lock(incident)
        if locked.status in NO_MORE_PHOTOS:
            raise DomainError(
                "not_open", _("This incident is no longer open."), status=409, field="photo"
            )
        if locked.photos.count() >= MAX_PHOTOS_PER_INCIDENT:
            raise DomainError(
                "too_many_photos",
                _("An incident holds at most %(n)d photos.") % {"n": MAX_PHOTOS_PER_INCIDENT},
                status=409,
                field="photo",
            )
        photo = store_photo(locked, encoded, digest, user=user, label=user.get_username())
        record(
            Actor.of_user(user),
            "ops.incident.photo_added",
            locked,
            event_id=locked.event_id,
            after={"photo": photo.pk},  # by id: its digest would tie the entry to the picture
        )
        emit_incident(locked, INCIDENT_UPDATED)
    return photo
