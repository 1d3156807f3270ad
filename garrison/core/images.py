"""The platform's image sanitiser: photos accepted by content only, re-encoded, stripped of
metadata (SECURITY.md #17). Badge photos (accreditation) and incident photos (ops) both pass
through ``clean_photo``, so both apps refuse and keep exactly the same things.

A file is judged by its bytes, never by its name or the browser's content type: it must start
like a JPEG or PNG, Pillow must decode it as exactly that format, its pixel count must be
bounded *before* decoding (a decompression bomb is refused unread), and nothing may follow the
image's end (no polyglot: a JPEG with a ZIP or HTML tail). What is stored is a fresh JPEG drawn
from the pixels only, so EXIF (GPS, camera serials), ICC text and comments do not survive.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings

from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

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


def _tail_is_clean(data: bytes, kind: str) -> bool:
    if kind == "PNG":
        end = data.rfind(b"IEND")
        return end != -1 and len(data) - (end + 8) == 0
    end = data.rfind(b"\xff\xd9")
    # A few bytes of padding after the End Of Image marker are common; a payload is not.
    return end != -1 and len(data) - (end + 2) <= 16


def clean_photo(data: bytes, filename: str = "photo.jpg") -> tuple[bytes, str]:
    """The re-encoded JPEG and its SHA-256, or DomainError(code) saying why not."""
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
    if not _tail_is_clean(data, kind):
        raise _refuse(
            "photo_polyglot", _("The file holds more than an image; save it again as a photo.")
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
