"""What the offline scanner page needs beyond the decision data in ``checkin.api``.

The holders list lets a phone decide a scan without the server: for every valid badge that
opens the device's zone, its version, the time window for that zone (the QR signs the zone
set, not the daily window) and what the guard compares with the face in front of them. It
covers this checkpoint's zone only, so a lost phone reveals no one else.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from garrison.accounts.api_auth import READ_ERRORS, auth_device, device_auth, responses
from garrison.accreditation.credentials.verify import valid_credentials
from garrison.checkin.access import checkpoint_of

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
        person = credential.person
        # JSON lists cannot be filtered portably in SQL (SQLite); a few thousand rows are cheap.
        if person is None or zone not in credential.zones:
            continue
        rows.append(
            HolderRowOut(
                serial=credential.serial,
                version=credential.version,
                name=person.full_name,
                organisation=person.organisation,
                category=person.category.name,
                color=person.category.color,
                photo=person.has_photo,
                window=credential.windows.get(str(zone)),
            )
        )
    return rows
