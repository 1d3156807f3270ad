"""The badge QR payload: a compact binary body signed with the event's Ed25519 key.

Text form: ``GA1.`` + base64url(body ‖ signature), about 100–150 characters — small enough
for a QR code a phone camera reads at arm's length. The body carries no name or other personal
data: who the holder is stays on the server (and the scanner's photo cache).

Body (big-endian):  format u8 = 1 · key id 4 bytes · credential serial u32 · version u16 ·
valid from u32 · valid until u32 (Unix seconds) · zone count u8 · zone ids u32 each.

PyNaCl (libsodium) signs and verifies: bench/credential_sign.py measured it faster than
``cryptography`` at verification, the operation every gate scan performs.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import struct
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

LIBRARY = "PyNaCl (libsodium)"
PREFIX = "GA1."
FORMAT = 1
_HEAD = struct.Struct(">B4sIHIIB")
SIGNATURE_BYTES = 64
MAX_ZONES = 64
MAX_TEXT = len(PREFIX) + 4 * ((_HEAD.size + 4 * MAX_ZONES + SIGNATURE_BYTES + 2) // 3)


class InvalidCode(ValueError):
    """The text is not a well-formed credential (truncated, altered encoding, oversized)."""


@dataclass(frozen=True)
class Payload:
    key_id: str  # 8 hex characters
    serial: int
    version: int
    valid_from: int
    valid_until: int
    zones: tuple[int, ...]

    @property
    def valid_from_dt(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.valid_from, dt.UTC)

    @property
    def valid_until_dt(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.valid_until, dt.UTC)

    def body(self) -> bytes:
        if len(self.zones) > MAX_ZONES:
            raise ValueError("too many zones for one credential")
        head = _HEAD.pack(
            FORMAT,
            bytes.fromhex(self.key_id),
            self.serial,
            self.version,
            self.valid_from,
            self.valid_until,
            len(self.zones),
        )
        return head + b"".join(struct.pack(">I", zone) for zone in self.zones)


# The short serial printed under the QR ("100001·v1"), as a guard types it when the camera fails:
# one of these marks, a space or nothing between serial and version ("v" optional after a mark),
# or the serial alone for the version in force. ASCII digits and a fixed set of spaces, so that
# the scanner's JavaScript (checkin/static/checkin/scan-badge.js) reads it alike.
_SPACE = " \t\r\n\u00a0\u3000"
_LABEL = re.compile(
    rf"([0-9]{{1,10}})(?:[{_SPACE}]*[\u00b7.\-\u2022\u2027\u2219\u22c5\u30fb{_SPACE}][{_SPACE}]*[vV]?"
    rf"[{_SPACE}]*([0-9]{{1,5}})|[{_SPACE}]*[vV][{_SPACE}]*([0-9]{{1,5}}))?"
)
SERIAL_LIMIT = 2**32 - 1  # a u32 in the QR body
VERSION_LIMIT = 2**16 - 1


def short_label(serial: int, version: int) -> str:
    """What the badge prints for people to read or type: ``100001·v1``."""
    return f"{serial}·v{version}"


def parse_short_label(text: str) -> tuple[int, int | None] | None:
    """(serial, version or None for "the one in force") of a typed short serial, else None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    found = _LABEL.fullmatch(text.strip(_SPACE))
    if found is None:
        return None
    serial = int(found[1])
    raw_version = found[2] or found[3]
    version = int(raw_version) if raw_version else None
    if not 0 < serial <= SERIAL_LIMIT or (version is not None and not 0 < version <= VERSION_LIMIT):
        return None
    return serial, version


def new_key() -> tuple[bytes, bytes]:
    """(32-byte seed to keep secret, 32-byte public key)."""
    signing = nacl.signing.SigningKey.generate()
    return bytes(signing), bytes(signing.verify_key)


def sign(payload: Payload, seed: bytes) -> str:
    body = payload.body()
    signature = nacl.signing.SigningKey(seed).sign(body).signature
    return PREFIX + base64.urlsafe_b64encode(body + signature).decode("ascii").rstrip("=")


def decode(text: str) -> tuple[Payload, bytes, bytes]:
    """(payload, signed body, signature); InvalidCode for anything that is not one."""
    if not isinstance(text, str) or len(text) > MAX_TEXT or not text.startswith(PREFIX):
        raise InvalidCode("not a credential")
    encoded = text[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidCode("bad encoding") from exc
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != encoded:
        raise InvalidCode("non-canonical encoding")  # one payload, one text: no malleable twins
    if len(raw) < _HEAD.size + SIGNATURE_BYTES:
        raise InvalidCode("truncated")
    fmt, key_id, serial, version, valid_from, valid_until, count = _HEAD.unpack_from(raw)
    if fmt != FORMAT or count > MAX_ZONES:
        raise InvalidCode("unknown format")
    body_len = _HEAD.size + 4 * count
    if len(raw) != body_len + SIGNATURE_BYTES:
        raise InvalidCode("wrong length")
    zones = struct.unpack_from(f">{count}I", raw, _HEAD.size)
    payload = Payload(key_id.hex(), serial, version, valid_from, valid_until, tuple(zones))
    return payload, raw[:body_len], raw[body_len:]


def signature_ok(body: bytes, signature: bytes, public_key: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(public_key).verify(body, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, TypeError):
        return False
    return True
