"""The check-in API: what a scanner device calls (bearer token), and enrolment (a one-time code).

Scanner devices may call only these endpoints (docs/security.md #3): everything else refuses their
token with 403 (``accounts.api_auth.UserAuth``). What a device reads is limited to its own
checkpoint: the event's public keys, the revocation list, the decision rules, and — for a badge
that opens its zone — the holder's name, organisation, category and photo for the guard.
"""

from __future__ import annotations

import base64
import uuid
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import BaseModel, Field, StrictStr

from garrison.accounts.api_auth import (
    READ_ERRORS,
    WRITE_ERRORS,
    auth_device,
    device_auth,
    responses,
)
from garrison.accounts.models import Device
from garrison.accounts.services import authenticate_device
from garrison.accreditation.credentials.verify import (
    public_keys,
    revocations_since,
    valid_credential,
)
from garrison.checkin.access import checkpoint_of
from garrison.checkin.scanner import services as scanner_services
from garrison.checkin.scanner.services import redeem_enrolment
from garrison.checkin.scans import services
from garrison.checkin.scans.rules import reason, result_codes, rules
from garrison.checkin.scans.services import batch as scans
from garrison.core.errors import DomainError
from garrison.events.schemas import AwareTime, Text

router = Router(tags=["checkin"], auth=device_auth)

# The scanner's hot path (a scan, an upload of 500) uses plain pydantic models: ninja's Schema
# adds a wrapping validator per instance, measured at a fifth of an upload's server time.
ResultCode = Literal[
    "ok",
    "invalid_code",
    "unknown_key",
    "revoked",
    "not_yet_valid",
    "expired",
    "zone_denied",
    "already_inside",
    "not_inside",
]


TYPED = (
    "true: ``code`` is the short serial printed on the badge (100001·v1), typed by the guard "
    "after comparing the holder's photo (``/checkin/scanner/serial``); it is decided as that "
    "badge and noted as typed in the audit log."
)


class ScanIn(BaseModel):
    code: Annotated[StrictStr, Field(max_length=2000)] = Field(
        description="The badge QR text as decoded (or typed)."
    )
    direction: Literal["entry", "exit"]
    scanned_at: AwareTime | None = Field(
        default=None, description="When the phone scanned it (ISO 8601); default: now."
    )
    typed: bool = Field(default=False, description=TYPED)
    # Last: a body with several bad fields names the first of code/direction/time first.
    id: uuid.UUID = Field(description="Made by the phone; the scan's idempotency key.")


class HolderOut(BaseModel):
    name: str
    organisation: str
    category: str
    color: str
    photo: bool = Field(description="Whether /checkin/photo?serial= has a photo.")
    serial: int


class ScanOut(BaseModel):
    id: uuid.UUID
    result: ResultCode = Field(description="Stable machine code of the verdict.")
    reason: str = Field(description="The verdict in words, in the caller's language.")
    repeated: bool = Field(description="The same scan id was already stored; this is its answer.")
    holder: HolderOut | None = None


def _device_after_body(request: HttpRequest) -> Device:
    """The scan endpoint checks its body before the token (so a malformed body is a 400/422 for
    anyone, as for every other write endpoint); the token is then required exactly as
    ``device_auth`` requires it: an unknown or revoked one is 401."""
    device = authenticate_device(_bearer(request))
    if device is None:
        raise scans.unauthorized()
    request.auth = device  # type: ignore[attr-defined]
    return device


def _bearer(request: HttpRequest) -> str:
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@router.post(
    "/scans",
    auth=None,
    openapi_extra={"security": [{"DeviceAuth": []}]},
    url_name="checkin_scan",
    response=responses({200: ScanOut, 201: ScanOut}, WRITE_ERRORS),
    summary="Decide and record one scan",
)
def post_scan(request: HttpRequest, payload: ScanIn) -> Status[ScanOut]:
    """Verify signature and key → revocation → validity → zone right → anti-passback → record.

    Every scan is recorded, refused ones too. Sending the same ``id`` again returns the stored
    verdict with ``repeated: true`` (status 200) and records nothing new.
    """
    # The token is checked with the scan, in the writer's batch (``scans.services.committer``);
    # a typed serial needs the device first, to find the badge it names in the device's event.
    device = _device_after_body(request) if payload.typed else None
    code = scanner_services.typed_code(device, payload.code) if device else payload.code
    outcome = services.record_scan(
        _bearer(request), scans.ScanData(payload.id, code, payload.direction, payload.scanned_at)
    )
    if device is not None and not outcome.repeated:
        typed = scanner_services.TypedScan(payload.id, payload.code, outcome.scan.result)
        scanner_services.note_typed(device, [typed])
    holder = None
    person = outcome.holder
    if person is not None:
        holder = HolderOut(
            name=person.full_name,
            organisation=person.organisation,
            category=person.category,
            color=person.color,
            photo=person.has_photo,
            serial=outcome.scan.serial or 0,
        )
    scan = outcome.scan
    body = ScanOut(
        id=scan.client_id,
        result=scan.result,  # type: ignore[arg-type]
        reason=reason(scan.result),
        repeated=outcome.repeated,
        holder=holder,
    )
    return Status(200 if outcome.repeated else 201, body)


class CheckpointOut(Schema):
    id: int
    name: str
    direction: str
    zone_id: int
    zone_code: str
    event: str
    time_zone: str


@router.get(
    "/checkpoint",
    url_name="checkin_checkpoint",
    response=responses({200: CheckpointOut}, READ_ERRORS),
    summary="The calling device's checkpoint",
)
def get_checkpoint(request: HttpRequest) -> CheckpointOut:
    device = auth_device(request)
    checkpoint = checkpoint_of(device)
    return CheckpointOut(
        id=checkpoint.pk,
        name=checkpoint.name,
        direction=checkpoint.direction,
        zone_id=checkpoint.zone_id,
        zone_code=checkpoint.zone.code,
        event=device.event.slug,
        time_zone=device.event.time_zone,
    )


class RulesOut(Schema):
    version: int
    steps: list[dict[str, Any]]
    codes: list[str]
    reasons: dict[str, str]


@router.get(
    "/rules",
    url_name="checkin_rules",
    response=responses({200: RulesOut}, READ_ERRORS),
    summary="The decision rules, as the server applies them",
)
def get_rules(request: HttpRequest) -> RulesOut:
    auth_device(request)
    data = rules()
    return RulesOut(
        version=data["version"],
        steps=data["steps"],
        codes=result_codes(),
        reasons={code: reason(code) for code in result_codes()},
    )


class KeyOut(Schema):
    key_id: str
    public_key: str = Field(description="Ed25519 public key, base64url.")


@router.get(
    "/keys",
    url_name="checkin_keys",
    response=responses({200: list[KeyOut]}, READ_ERRORS),
    summary="The event's public keys (every one still verifies)",
)
def get_keys(request: HttpRequest) -> list[KeyOut]:
    device = auth_device(request)
    return [
        KeyOut(key_id=key_id, public_key=base64.urlsafe_b64encode(public).decode().rstrip("="))
        for key_id, public in public_keys(device.event).items()
    ]


class RevocationOut(Schema):
    seq: int
    serial: int
    version: int


class RevocationsOut(Schema):
    items: list[RevocationOut]
    last_seq: int = Field(description="Ask again with since=last_seq for what comes next.")


class SinceQuery(Schema):
    since: Annotated[int, Field(ge=0, le=2**31)] = 0


@router.get(
    "/revocations",
    url_name="checkin_revocations",
    response=responses({200: RevocationsOut}, READ_ERRORS),
    summary="Revocation list entries after ``since``",
)
def get_revocations(request: HttpRequest, query: Query[SinceQuery]) -> RevocationsOut:
    device = auth_device(request)
    items = revocations_since(device.event, query.since)
    return RevocationsOut(
        items=[RevocationOut(seq=r.seq, serial=r.serial, version=r.version) for r in items],
        last_seq=items[-1].seq if items else query.since,
    )


class SerialQuery(Schema):
    serial: Annotated[int, Field(ge=0, le=2**32)]


@router.get(
    "/photo",
    url_name="checkin_holder_photo",
    response=responses({200: None}, READ_ERRORS),
    summary="The photo of a badge holder whose badge opens this device's zone",
)
def get_holder_photo(request: HttpRequest, query: Query[SerialQuery]) -> HttpResponse:
    """JPEG; 404 unless the holder's valid badge opens this device's checkpoint zone."""
    device = auth_device(request)
    checkpoint = checkpoint_of(device)
    credential = valid_credential(device.event, query.serial)
    person = credential.person if credential else None
    if credential is None or person is None or checkpoint.zone_id not in credential.zones:
        raise Http404
    if not person.photo:
        raise Http404
    response = HttpResponse(bytes(person.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response


# --- Enrolment (no token yet: the one-time code is the credential) -----------------------------


class EnrolIn(Schema):
    code: Text = Field(max_length=40, description="The one-time code the officer shows.")


class EnrolOut(Schema):
    token: str = Field(description="The device's bearer token; shown once, store it.")
    device: str
    checkpoint: str
    event: str


@router.post(
    "/enrol",
    auth=None,
    url_name="checkin_enrol",
    response=responses({201: EnrolOut}, WRITE_ERRORS),
    summary="Turn a one-time enrolment code into a scanner token",
)
def post_enrol(request: HttpRequest, payload: EnrolIn) -> Status[EnrolOut]:
    device, token, checkpoint = redeem_enrolment(payload.code)
    return Status(
        201,
        EnrolOut(
            token=token, device=device.name, checkpoint=checkpoint.name, event=device.event.slug
        ),
    )


# --- Sync: scans made offline ------------------------------------------------------------------


class SyncItemIn(BaseModel):
    code: Annotated[StrictStr, Field(max_length=2000)]
    direction: Literal["entry", "exit"]
    scanned_at: AwareTime = Field(description="When the phone scanned it (ISO 8601).")
    verdict: ResultCode = Field(description="What the phone decided (and showed) offline.")
    id: uuid.UUID = Field(description="The scan's idempotency key, made by the phone.")
    typed: bool = Field(default=False, description=TYPED)


class SyncIn(BaseModel):
    items: list[SyncItemIn] = Field(max_length=500)


class SyncItemOut(BaseModel):
    id: uuid.UUID
    status: Literal["stored", "duplicate", "rejected"]
    result: ResultCode | None = Field(default=None, description="The server's verdict.")
    flagged: bool = Field(default=False, description="Server and phone disagree: for review.")
    code: str | None = Field(default=None, description="Why it was rejected.")
    message: str | None = None


class SyncOut(BaseModel):
    items: list[SyncItemOut]


@router.post(
    "/sync",
    auth=None,
    openapi_extra={"security": [{"DeviceAuth": []}]},
    url_name="checkin_sync",
    response=responses({200: SyncOut}, WRITE_ERRORS),
    summary="Upload a batch of scans made offline",
)
def post_sync(request: HttpRequest, payload: SyncIn) -> SyncOut:
    """Each scan is stored once (its ``id``), also when the server would now refuse it — it
    already happened — and flagged when the server's verdict differs from the phone's.
    Answers per item: ``stored``, ``duplicate`` (sent before) or ``rejected`` with a reason."""
    device = _device_after_body(request)
    uploaded = [
        (
            scans.ScanData(
                item.id,
                scanner_services.typed_code(device, item.code) if item.typed else item.code,
                item.direction,
                item.scanned_at,
            ),
            item.verdict,
        )
        for item in payload.items
    ]
    results = services.record_uploaded(device, uploaded)
    scanner_services.note_typed(
        device,
        [
            scanner_services.TypedScan(item.id, item.code, result.scan.result)
            for item, result in zip(payload.items, results, strict=True)
            if item.typed and isinstance(result, scans.Outcome) and not result.repeated
        ],
    )
    return SyncOut(
        items=[
            _sync_answer(item, result) for item, result in zip(payload.items, results, strict=True)
        ]
    )


def _sync_answer(item: SyncItemIn, outcome: scans.Result) -> SyncItemOut:
    if isinstance(outcome, DomainError):
        return SyncItemOut(
            id=item.id, status="rejected", code=outcome.code, message=str(outcome.message)
        )
    scan = outcome.scan
    return SyncItemOut(
        id=item.id,
        status="duplicate" if outcome.repeated else "stored",
        result=scan.result,  # type: ignore[arg-type]
        flagged=scan.flagged,
    )
