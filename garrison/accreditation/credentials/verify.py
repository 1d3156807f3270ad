"""Verifying badges: what a scanner downloads (keys, revocations, holders), the server's check.

This is the module the check-in app reads credentials through.

Reading a scanned code on the server: decode → key → signature → revocation. A short serial typed
by a guard (``100001·v1``, printed under the QR) is looked up by ``find_label``; it carries no
signature, so the scanner shows the holder's photo and records the scan only when the guard
confirms the face.

Each refusal has its own stable code (docs/security.md #13): ``invalid_code`` for anything
malformed, truncated or altered (the signature fails), ``unknown_key`` for a key this event
does not have (another event's badge, a forged key id), ``revoked`` for a version on the list.
The time window, zone and anti-passback come after, in ``checkin.scans.rules``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import F

from garrison.accreditation.credentials.signing import (
    InvalidCode,
    Payload,
    decode,
    parse_short_label,
    short_label,
    signature_ok,
)
from garrison.accreditation.models import Category, Credential, Person, Revocation, SigningKey
from garrison.core.sql import col, fetch, marks, table
from garrison.events.models import Event

INVALID_CODE = "invalid_code"
UNKNOWN_KEY = "unknown_key"
REVOKED = "revoked"


@dataclass(frozen=True)
class Checked:
    """The outcome so far: ``code`` None means genuine and not revoked."""

    code: str | None
    payload: Payload | None = None
    credential: Held | None = None


# Public keys never change once made (rotation adds a key, nothing deletes one), so a process
# may keep every key it has seen; an unknown key id is asked again each time.
_known_keys: dict[tuple[int, str], bytes] = {}


def _public_key(event: Event, key_id: str) -> bytes | None:
    cached = _known_keys.get((event.pk, key_id))
    if cached is not None:
        return cached
    key = SigningKey.objects.filter(event=event, key_id=key_id).only("public_key").first()
    if key is None:
        return None
    _known_keys[(event.pk, key_id)] = bytes(key.public_key)
    return _known_keys[(event.pk, key_id)]


@lru_cache(maxsize=65_536)
def _decoded(text: str) -> tuple[Payload, bytes, bytes]:
    """The same badge is scanned again and again: its text is taken apart once per process (a
    malformed text raises, and exceptions are not kept)."""
    return decode(text)


@lru_cache(maxsize=65_536)
def _genuine(body: bytes, signature: bytes, public_key: bytes) -> bool:
    """A verdict on exact bytes never changes, and a gate sees the same badges again and again
    (entry, exit, the next day): each distinct code is verified once per process. Bounded: a
    flood of forged codes evicts old entries and costs only their verification."""
    return signature_ok(body, signature, public_key)


def verify_signature(event: Event, text: str) -> Checked:
    """Decode, find the key, check the signature: everything that needs no credential row."""
    try:
        payload, body, signature = _decoded(text)
    except InvalidCode:
        return Checked(INVALID_CODE)
    public_key = _public_key(event, payload.key_id)
    if public_key is None:
        return Checked(UNKNOWN_KEY, payload)
    if not _genuine(body, signature, public_key):
        return Checked(INVALID_CODE, payload)
    return Checked(None, payload)


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a badge, as the guard sees them to compare with the face in front of them."""

    full_name: str
    organisation: str
    category: str
    color: str
    has_photo: bool


@dataclass(frozen=True, slots=True)
class Held:
    """What a decision needs of one credential version (its row, read as plain values: a scan
    batch reads hundreds, and model instances cost more than the rest of the decision)."""

    windows: Mapping[str, list[str | int | None]]  # zone id → first day, last day, start, end
    holder: Holder | None = None


@lru_cache(maxsize=4096)
def _windows(text: str) -> Mapping[str, list[str | int | None]]:
    """Read as text and parsed once per distinct value: a category's badges share one, and
    parsing each row was a tenth of an upload's time. Shared between callers: read only."""
    data: dict[str, list[str | int | None]] = json.loads(text)
    return data


def _credential_rows(
    event_ids: Collection[int], serials: Collection[int], versions: Collection[int], holders: bool
) -> list[tuple[Any, ...]]:
    """(event id, serial, version, revoked, windows as JSON text) of the credentials among
    these, then, with ``holders``, the holder's name, organisation, photo hash, category name
    and colour (None when the person is gone). Written out as SQL (``core.sql``): a scan batch
    runs it under the write lock, and building it through the ORM cost 17 times running it."""
    columns = [
        col(Credential, "event"),
        col(Credential, "serial"),
        col(Credential, "version"),
        f"{col(Credential, 'revoked_at')} IS NOT NULL",
        f"CAST({col(Credential, 'windows')} AS text)",
    ]
    joins = ""
    if holders:
        columns += [
            col(Person, "full_name"),
            col(Person, "organisation"),
            col(Person, "photo_sha256"),
            col(Category, "name"),
            col(Category, "color"),
        ]
        joins = (
            f" LEFT JOIN {table(Person)} ON {col(Person, 'id')} = {col(Credential, 'person')}"
            f" LEFT JOIN {table(Category)} ON {col(Category, 'id')} = {col(Person, 'category')}"
        )
    sql = (
        f"SELECT {', '.join(columns)} FROM {table(Credential)}{joins}"  # noqa: S608 - names only
        f" WHERE {col(Credential, 'event')} IN ({marks(event_ids)})"
        f" AND {col(Credential, 'serial')} IN ({marks(serials)})"
        f" AND {col(Credential, 'version')} IN ({marks(versions)})"
    )
    rows = fetch(sql, [*event_ids, *serials, *versions])
    return [(*row[:3], bool(row[3]), *row[4:]) for row in rows]


def with_credentials(
    checks: Sequence[tuple[int, Checked]], *, holders: bool = True
) -> list[Checked]:
    """Complete each genuine signature, given with its event's id, with its credential row:
    revoked, or the one in force. One query for any number of codes; ``holders``: with the
    holder's name, organisation and category (for the guard), else the decision's fields only.

    ``revoked_at`` is set in the same transaction that writes the revocation list entry
    (services._revoke), so the row alone answers. A genuine signature for a version the
    server does not hold is treated as revoked, never as valid.
    """
    wanted = {
        (event_id, c.payload.serial) for event_id, c in checks if c.code is None and c.payload
    }
    if not wanted:
        return [checked for _event_id, checked in checks]
    rows = _credential_rows(
        {event_id for event_id, _serial in wanted},
        {serial for _event_id, serial in wanted},
        {c.payload.version for _event_id, c in checks if c.payload},
        holders,
    )
    by_key: dict[tuple[int, int, int], tuple[bool, Held]] = {}
    for event_id, serial, version, revoked, windows, *person in rows:
        holder = None
        if person and person[0] is not None:  # a person deleted since: no one to show
            name, organisation, photo, category, color = person
            holder = Holder(name, organisation, category, color, bool(photo))
        by_key[(event_id, serial, version)] = (revoked, Held(_windows(windows), holder))
    done: list[Checked] = []
    for event_id, checked in checks:
        payload = checked.payload
        if checked.code is not None or payload is None:
            done.append(checked)
            continue
        revoked, row = by_key.get((event_id, payload.serial, payload.version), (True, None))
        done.append(Checked(REVOKED if revoked else None, payload, row))
    return done


def check_code(event: Event, text: str) -> Checked:
    return with_credentials([(event.pk, verify_signature(event, text))])[0]


def public_keys(event: Event) -> dict[str, bytes]:
    """Every key id of the event with its public key: what a scanner downloads."""
    return {k.key_id: bytes(k.public_key) for k in SigningKey.objects.filter(event=event)}


def revocations_since(event: Event, seq: int, limit: int = 5000) -> list[Revocation]:
    return list(Revocation.objects.filter(event=event, seq__gt=seq).order_by("seq")[:limit])


def valid_credentials(event: Event) -> Iterator[Credential]:
    """The event's valid badges in serial order, with holder and category (photos left unread):
    what a scanner's list for offline decisions is made from."""
    return (
        Credential.objects.filter(event=event, revoked_at__isnull=True)
        .select_related("person__category")
        .defer("person__photo")
        .order_by("serial")
        .iterator(chunk_size=500)
    )


def valid_credential(event: Event, serial: int) -> Credential | None:
    """The valid version of badge ``serial``, with its holder (and the holder's photo)."""
    return (
        Credential.objects.filter(event=event, serial=serial, revoked_at__isnull=True)
        .select_related("person")
        .first()
    )


@dataclass(frozen=True)
class Labelled:
    """What a typed short serial names in one event: the credential in force (``code`` None),
    or why there is none — ``invalid_code`` (no such badge: typed wrong, another event's) or
    ``revoked`` (that version, or every version of the serial, is on the list)."""

    code: str | None
    credential: Credential | None = None

    @property
    def label(self) -> str:
        credential = self.credential
        return short_label(credential.serial, credential.version) if credential else ""


def find_label(event: Event, text: str) -> Labelled:
    """The credential a typed short serial names, with holder and category (no photo bytes)."""
    parsed = parse_short_label(text)
    if parsed is None:
        return Labelled(INVALID_CODE)
    serial, version = parsed
    rows = Credential.objects.filter(event=event, serial=serial)
    if version is not None:
        rows = rows.filter(version=version)
    current = (
        rows.filter(revoked_at__isnull=True)
        .select_related("person__category")
        .defer("person__photo")
        .order_by("-version")
        .first()
    )
    if current is not None:
        return Labelled(None, current)
    return Labelled(REVOKED if rows.exists() else INVALID_CODE)


def code_for_label(event: Event, text: str) -> str | None:
    """The signed QR text of the version a typed short serial names — revoked ones too, so that
    the scan is decided (and recorded) as that badge's; the serial alone names the version in
    force, else the latest. None when the event has no such badge."""
    parsed = parse_short_label(text)
    if parsed is None:
        return None
    serial, version = parsed
    rows = Credential.objects.filter(event=event, serial=serial)
    if version is not None:
        rows = rows.filter(version=version)
    in_force_first = F("revoked_at").asc(nulls_first=True)
    code: str | None = (
        rows.order_by(in_force_first, "-version").values_list("code", flat=True).first()
    )
    return code
