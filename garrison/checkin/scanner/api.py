"""What the offline scanner page needs beyond the decision data in ``checkin.api``.

The holders list lets a phone decide a scan without the server: for every valid badge that
opens the device's zone, its version, the time window for that zone (the QR signs the zone
set, not the daily window) and what the guard compares with the face in front of them. It
covers this checkpoint's zone only, so a lost phone reveals no one else.

The serial lookup answers a short serial typed by the guard with the same row, under the same
limit: a badge that does not open this gate's zone is answered as one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from garrison.accounts.api_auth import READ_ERRORS, auth_device, device_auth, responses
from garrison.accreditation.credentials.verify import REVOKED, find_label, valid_credentials
from garrison.checkin.access import checkpoint_of
from garrison.checkin.scans.rules import reason

if TYPE_CHECKING:
    from garrison.accreditation.models import Credential

router = Router(tags=["checkin"], auth=device_auth)


class HolderRowOut(Schema):
    serial: int
    version: int
    name: str
    organisation: str
    category: str
    color: str
    photo: bool = Field(description="Whether /checkin/photo?serial= has a photo.")
    window: list[str | int | None] | None = Field(
        description="[first day, last day, start minute, end minute] for this zone, or null."
    )
    valid_from: int = Field(description="Unix seconds, as the badge's QR signs it.")
    valid_until: int = Field(description="Unix seconds, as the badge's QR signs it.")


def _row(credential: Credential, zone: int) -> HolderRowOut | None:
    person = credential.person
    if person is None:
        return None
    return HolderRowOut(
        serial=credential.serial,
        version=credential.version,
        name=person.full_name,
        organisation=person.organisation,
        category=person.category.name,
        color=person.category.color,
        photo=person.has_photo,
        window=credential.windows.get(str(zone)),
        valid_from=int(credential.valid_from.timestamp()),
        valid_until=int(credential.valid_until.timestamp()),
    )


@router.get(
    "/holders",
    url_name="checkin_holders",
    response=responses({200: list[HolderRowOut]}, READ_ERRORS),
    summary="Valid badges that open this device's zone, for offline decisions",
)
def get_holders(request: HttpRequest) -> list[HolderRowOut]:
    device = auth_device(request)
    checkpoint = checkpoint_of(device)
    zone = checkpoint.zone_id
    rows: list[HolderRowOut] = []
    for credential in valid_credentials(device.event):
        # JSON lists cannot be filtered portably in SQL (SQLite); a few thousand rows are cheap.
        row = _row(credential, zone) if zone in credential.zones else None
        if row is not None:
            rows.append(row)
    return rows


class SerialQuery(Schema):
    text: Annotated[str, Field(max_length=40)] = Field(
        description="The short serial printed on the badge, as typed: 100001·v1, 100001.1, "
        "100001 v1, 100001v1, or 100001 alone for the version in force."
    )


class SerialOut(Schema):
    result: Literal["found", "invalid_code", "revoked"] = Field(
        description="found: compare the photo with the person, then send the scan with "
        "typed=true and code=label; otherwise refused, and nothing is recorded."
    )
    reason: str = Field(description="The answer in words, in the caller's language.")
    label: str = Field(description="The badge's short serial with its version; empty if none.")
    holder: HolderRowOut | None = None


@router.get(
    "/serial",
    url_name="checkin_serial",
    response=responses({200: SerialOut}, READ_ERRORS),
    summary="The badge a typed short serial names, if it opens this device's zone",
)
def get_serial(request: HttpRequest, query: Query[SerialQuery]) -> SerialOut:
    """A typed serial carries no signature: the guard compares the holder's photo with the
    person before the scan is sent. A badge of another event, one that does not open this
    zone, or no badge at all: ``invalid_code``, as a forged code (and no one is named)."""
    device = auth_device(request)
    zone = checkpoint_of(device).zone_id
    found = find_label(device.event, query.text)
    credential = found.credential
    row = _row(credential, zone) if credential and zone in credential.zones else None
    if row is not None:
        return SerialOut(
            result="found",
            reason=_("Compare the photo with the person before you confirm."),
            label=found.label,
            holder=row,
        )
    if found.code == REVOKED:
        return SerialOut(result="revoked", reason=reason(REVOKED), label="")
    reason_text = _("No valid badge with this number opens this gate.")
    return SerialOut(result="invalid_code", reason=reason_text, label="")
