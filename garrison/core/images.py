"""The platform's image sanitiser: photos accepted by content only, re-encoded, stripped of
metadata (docs/security.md #17). Badge photos (accreditation) and incident photos (ops) both pass
through ``clean_photo``, so both apps refuse and keep exactly the same things.

A file is judged by its bytes, never by its name or the browser's content type: it must start
like a JPEG or PNG, Pillow must decode it as exactly that format, its pixel count must be
bounded *before* decoding (a decompression bomb is refused unread), and it must be nothing but
an image (no polyglot). What is stored is a fresh JPEG drawn from the pixels only, so EXIF (GPS,
camera serials), ICC text and comments do not survive.

No polyglot means two checks. The image's true end is found by walking its structure (JPEG
segments, PNG chunks), not by searching for an end marker, which a tail can simply repeat, and
nothing may follow it. And no markup that a browser or an interpreter would run (``<script``,
``<svg onload=…``, ``<?php``…) may appear anywhere, not even inside the image's own metadata.
The stored copy would be clean either way; the upload is refused because such a file is an
attack, not a photo.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 24_000_000  # 6000 × 4000, a phone camera's full resolution
MIN_SIDE = 64
STORED_BOX = (600, 800)  # enough for a badge and a phone screen; ~60 KB as JPEG
JPEG_QUALITY = 85

_JPEG_MAGIC = b"\xff\xd8\xff"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_SAFE_NAME = re.compile(r"^[^/\\\x00]{1,200}$")


def _refuse(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="photo")


# Markup that starts a polyglot's payload. The short tags need what follows them in an attack
# (``<svg onload=``, ``<img src=``), so that compressed pixel data, where any byte sequence may
# occur, matches by chance about once in 15,000 photos of the full 2 MB rather than every few
# thousand; XMP metadata (``<x:xmpmeta``, ``<rdf:…``, ``<?xpacket``) does not match.
_MARKUP = re.compile(
    rb"<(?:script|iframe|object|embed|!doctype|\?php)"
    rb"|<(?:html|head|body)[\s/>]"
    rb"|<(?:svg|img)[\s/]+[a-z]",
    re.IGNORECASE,
)
# Trailing NUL bytes some encoders write to round a file up: nothing can hide in them.
_MAX_PADDING = 16


class _Malformed(Exception):
    """The bytes do not have the structure of the image they start like."""


def _jpeg_end(data: bytes, start: int) -> int:
    """The offset just past the End Of Image marker of the JPEG whose SOI is at ``start``.

    Every segment declares its length, so metadata is skipped unread (an EXIF thumbnail is a
    whole JPEG, with its own end marker, inside APP1). Only the entropy-coded data after a Start
    Of Scan has no length; there a 0xFF byte is always followed by 0x00 (stuffing) or a restart
    marker, so the first other marker ends it, and the EOI found is the real one.
    """
    size = len(data)
    if data[start : start + 2] != b"\xff\xd8":
        raise _Malformed
    at = start + 2
    while True:
        if at >= size or data[at] != 0xFF:
            raise _Malformed
        while at < size and data[at] == 0xFF:  # fill bytes may precede any marker
            at += 1
        if at >= size:
            raise _Malformed
        marker = data[at]
        at += 1
        if marker == 0xD9:  # EOI
            return at
        if marker in (0x00, 0xD8):
            raise _Malformed
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # RSTn, TEM: no length
            continue
        length = int.from_bytes(data[at : at + 2], "big")
        if length < 2 or at + length > size:
            raise _Malformed
        at += length
        if marker == 0xDA:  # SOS: entropy-coded data follows
            at = _scan_end(data, at)


def _scan_end(data: bytes, at: int) -> int:
    """Where the entropy-coded data starting at ``at`` ends: at the next real marker."""
    while True:
        found = data.find(b"\xff", at)
        if found == -1 or found + 1 >= len(data):
            raise _Malformed
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:
            at = found + 2
        elif following == 0xFF:
            at = found + 1
        else:
            return found


def _png_end(data: bytes) -> int:
    """The offset just past the IEND chunk, walking the chunks by their declared lengths."""
    size, at = len(data), len(_PNG_MAGIC)
    while at + 12 <= size:
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        if not kind.isalpha():
            raise _Malformed
        at += 12 + length  # length, type, data, CRC
        if at > size:
            raise _Malformed
        if kind == b"IEND":
            return at
    raise _Malformed


def _image_end(data: bytes, kind: str) -> int:
    """Where the image really ends, and with it anything it legitimately carries."""
    if kind == "PNG":
        return _png_end(data)
    end = _jpeg_end(data, 0)
    # Cameras that keep more than one picture in a file (the Multi-Picture Format: a phone's HDR
    # gain map, a larger preview) store each further one, a whole JPEG, after the first.
    while data.startswith(_JPEG_MAGIC, end):
        try:
            end = _jpeg_end(data, end)
        except _Malformed:
            break  # not a whole picture after all: a tail, refused as one
    return end


def _only_padding(tail: bytes) -> bool:
    return len(tail) <= _MAX_PADDING and not tail.strip(b"\x00")


def clean_photo(data: bytes, filename: str = "photo.jpg") -> tuple[bytes, str]:
    """The re-encoded JPEG and its SHA-256, or DomainError(code) saying why not."""
    # Pillow is imported where a photo is cleaned, not with this module, which every process
    # imports at start-up through the tips' and drills' services.
    from PIL import Image, UnidentifiedImageError

    name = filename or "photo"
    if not _SAFE_NAME.match(name) or ".." in name:
        raise _refuse("photo_bad_name", _("The file name is not allowed."))
    if len(data) > MAX_BYTES:
        raise _refuse(
            "photo_too_large", _("The photo is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 2**20}
        )
    if data.startswith(_JPEG_MAGIC):
        kind = "JPEG"
    elif data.startswith(_PNG_MAGIC):
        kind = "PNG"
    else:
        raise _refuse("photo_not_image", _("Only JPEG and PNG photos are accepted."))
    try:
        end = _image_end(data, kind)
    except _Malformed as exc:
        raise _refuse("photo_unreadable", _("The photo cannot be read as an image.")) from exc
    if not _only_padding(data[end:]):
        raise _refuse(
            "photo_polyglot", _("The file holds more than an image; save it again as a photo.")
        )
    if _MARKUP.search(data):
        raise _refuse(
            "photo_polyglot",
            _(
                "The file holds web page or script code besides the image; save it again as a photo."
            ),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise _refuse(
                        "photo_too_many_pixels",
                        _("The photo has more than %(mp)d million pixels.")
                        % {"mp": MAX_PIXELS // 1_000_000},
                    )
                if min(width, height) < MIN_SIDE:
                    raise _refuse(
                        "photo_too_small",
                        _("The photo must be at least %(px)d pixels on each side.")
                        % {"px": MIN_SIDE},
                    )
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                image.load()
                pixels = image.convert("RGB")
    except DomainError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse(
            "photo_too_many_pixels",
            _("The photo has more than %(mp)d million pixels.") % {"mp": MAX_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refuse("photo_unreadable", _("The photo cannot be read as an image.")) from exc
    pixels.thumbnail(STORED_BOX)
    out = io.BytesIO()
    # A new image from pixels only: no exif=, no icc_profile=, no comment — nothing carried over.
    pixels.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    encoded = out.getvalue()
    return encoded, hashlib.sha256(encoded).hexdigest()
