"""A patrol point's plaque: a QR that names the point and is signed with the event's key.

Text form: ``GP1.`` + base64url(body ‖ signature). Body (big-endian): format u8 · key id 4 bytes ·
event id u32 · point serial u32. Like a badge it carries no name and nothing personal; unlike a
badge it never expires: a plaque is screwed to a wall for the whole event. A plaque of another
event, a forged one or a damaged one is refused by name.
"""

from __future__ import annotations

import base64
import binascii
import struct
from dataclasses import dataclass

from garrison.accreditation.credentials.event_keys import bytes_signed, key_in_force, sign_bytes
from garrison.events.models import Event

PREFIX = "GP1."
FORMAT = 1
_BODY = struct.Struct(">B4sII")
SIGNATURE_BYTES = 64
MAX_TEXT = len(PREFIX) + 4 * ((_BODY.size + SIGNATURE_BYTES + 2) // 3)


class BadPlaque(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # "damaged", "other_event", "forged"


@dataclass(frozen=True)
class Plaque:
    event_id: int
    serial: int


def plaque_text(event: Event, serial: int) -> str:
    key_id = key_in_force(event)
    body = _BODY.pack(FORMAT, bytes.fromhex(key_id), event.pk, serial)
    signature = sign_bytes(event, key_id, body)
    return PREFIX + base64.urlsafe_b64encode(body + signature).decode("ascii").rstrip("=")


def read_plaque(event: Event, text: str) -> Plaque:
    """The point a scanned text names, if it is a genuine plaque of ``event``."""
    if not isinstance(text, str) or len(text) > MAX_TEXT or not text.startswith(PREFIX):
        raise BadPlaque("damaged")
    encoded = text[len(PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError) as exc:
        raise BadPlaque("damaged") from exc
    if len(raw) != _BODY.size + SIGNATURE_BYTES:
        raise BadPlaque("damaged")
    fmt, key_id, event_id, serial = _BODY.unpack_from(raw)
    if fmt != FORMAT:
        raise BadPlaque("damaged")
    if event_id != event.pk:
        raise BadPlaque("other_event")
    if not bytes_signed(event, key_id.hex(), raw[: _BODY.size], raw[_BODY.size :]):
        raise BadPlaque("forged")
    return Plaque(event_id, serial)
