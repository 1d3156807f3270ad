"""The counting devices' API: a batch of counts with the device's own bearer token.

Counting devices may call only this; their tokens are not scanner tokens and open nothing else.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from garrison.accounts.api_auth import WRITE_ERRORS, responses
from garrison.core.errors import DomainError
from garrison.sensors.schemas import CountsIn, CountsOut
from garrison.sensors.services.counts import Count, record_counts
from garrison.sensors.services.devices import authenticate

router = Router(tags=["sensors"])


def _bearer(request: HttpRequest) -> str:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@router.post(
    "/counts",
    auth=None,
    # The same bearer scheme as the scanners' (``DeviceAuth``), with a counting device's token.
    openapi_extra={"security": [{"DeviceAuth": []}]},
    url_name="sensors_counts",
    response=responses({200: CountsOut}, WRITE_ERRORS),
    summary="Post a batch of counts (people per zone or vehicles per road segment)",
)
def post_counts(request: HttpRequest, payload: CountsIn) -> CountsOut:
    """Counts only: a body with any field beyond the schema's — an image, a face, a plate, an
    identity — is refused (422 ``identity_refused`` or ``unknown_field``). A message id sent
    again is counted once (``duplicates``). A message the device's target cannot have (vehicles
    for a zone, people for a road), with a time ahead of the server's clock or with a number no
    crowd or road produces refuses the batch (422), naming it."""
    # The body is checked before the token, as for every other write endpoint: a malformed
    # body is a 400/422 for anyone; then an unknown or revoked token is 401.
    device = authenticate(_bearer(request))
    if device is None:
        raise DomainError("unauthorized", _("Sign in first."), status=401)
    result = record_counts(
        device,
        [
            Count(
                message_id=m.id,
                observed_at=m.observed_at,
                interval_seconds=m.interval_seconds,
                entered=m.entered,
                exited=m.exited,
                occupancy=m.occupancy,
                vehicles=m.vehicles,
            )
            for m in payload.messages
        ],
    )
    return CountsOut(stored=result.stored, duplicates=result.duplicates)
