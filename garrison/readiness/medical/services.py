"""The write path of the medical plan: a hospital's capabilities and emergency contacts.

The hospitals themselves are the event's sites of kind hospital (kept in events); here only what
ICS 206 adds to them. The audit entry carries the capabilities, never the phone or contact text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.events.models import Site, SiteKind
from garrison.readiness.ics_models import Hospital, TraumaLevel
from garrison.readiness.roles import LOGISTICS

# A phone number as written in Viet Nam: digits, spaces, dots, dashes, a leading +, brackets.
_PHONE = re.compile(r"\+?[0-9][0-9 .()\-]{1,38}")


@dataclass
class HospitalData:
    trauma: str = ""
    burn_unit: bool = False
    helipad: bool = False
    emergency_phone: str = ""
    contact: str = ""
    remarks: str = ""


def summary(hospital: Hospital) -> dict[str, Any]:
    return {
        "site": hospital.site_id,
        "trauma": hospital.trauma,
        "burn_unit": hospital.burn_unit,
        "helipad": hospital.helipad,
    }


def hospital_site(membership: Membership, site_id: int) -> Site:
    found = Site.objects.filter(
        pk=site_id, event_id=membership.event_id, kind=SiteKind.HOSPITAL
    ).first()
    if found is None:
        raise DomainError("unknown_hospital", _("Choose a hospital of this event."), status=404)
    return found


def save_hospital(membership: Membership, site_id: int, data: HospitalData) -> Hospital:
    """Enter or change what a hospital site can treat and how to reach its emergency department."""
    require_role(membership, LOGISTICS)
    site = hospital_site(membership, site_id)
    hospital = Hospital.objects.filter(site=site).first()
    before = summary(hospital) if hospital else None
    hospital = hospital or Hospital(site=site)
    hospital.trauma = validate.choice(data.trauma, TraumaLevel, "trauma") if data.trauma else ""
    hospital.burn_unit = bool(data.burn_unit)
    hospital.helipad = bool(data.helipad)
    phone = validate.text(
        data.emergency_phone, "emergency_phone", max_length=40, required=False, one_line=True
    )
    if phone and not _PHONE.fullmatch(phone):
        raise DomainError(
            "bad_phone",
            _("Write the phone number with digits, e.g. 024 3825 3531 or 115."),
            field="emergency_phone",
        )
    hospital.emergency_phone = phone
    hospital.contact = validate.text(
        data.contact, "contact", max_length=200, required=False, one_line=True
    )
    hospital.remarks = validate.text(
        data.remarks, "remarks", max_length=300, required=False, one_line=True
    )
    with transaction.atomic():
        hospital.save()
        record(
            Actor.of_user(membership.user),
            "readiness.hospital.updated" if before else "readiness.hospital.created",
            hospital,
            event_id=membership.event_id,
            before=before,
            after=summary(hospital),
        )
    return hospital
