"""Placeholder photos for the demo's invented people: initials on the category's colour.

The demo has no real people, so no faces: a plain head-and-shoulders outline and the person's
initials, drawn with Pillow. Each one still goes through ``photos.clean_photo`` like any upload
(content check, re-encode, no metadata), so the demo's photos are what the real path stores.
Small (240 × 300) and drawn once per initials and colour: the demo load stays fast.
"""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw, ImageFont

from garrison.accreditation.badges.pdf import rgb
from garrison.core.images import clean_photo
from garrison.core.pdfdoc import FONTS

SIZE = (240, 300)
QUALITY = 80


def initials(full_name: str) -> str:
    """First letters of the family and the given name: "Nguyễn Văn An (12)" → "NA"."""
    words = [w for w in full_name.split() if w[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    # DejaVu has every Vietnamese capital (Đ, Ư, Ơ ...), unlike Pillow's built-in bitmap font.
    return ImageFont.truetype(str(FONTS / "DejaVuSansCondensed-Bold.ttf"), size)


def draw(letters: str, color: str) -> bytes:
    """A JPEG placeholder: outline of a head and shoulders, the initials below."""
    background = rgb(color)
    tint = tuple(c + (255 - c) * 2 // 5 for c in background)
    image = Image.new("RGB", SIZE, background)
    pen = ImageDraw.Draw(image)
    width, height = SIZE
    pen.ellipse((width * 0.32, height * 0.12, width * 0.68, height * 0.42), fill=tint)
    pen.ellipse((width * 0.12, height * 0.46, width * 0.88, height * 1.05), fill=tint)
    pen.text(
        (width / 2, height * 0.74),
        letters,
        font=_font(72),
        fill=(255, 255, 255),
        anchor="mm",
        stroke_width=2,
        stroke_fill=background,
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY)
    return out.getvalue()


@functools.lru_cache(maxsize=2048)
def placeholder(letters: str, color: str) -> tuple[bytes, str]:
    """The stored photo (cleaned JPEG, SHA-256) for these initials and colour."""
    return clean_photo(draw(letters, color), "placeholder.jpg")


def photo_for(full_name: str, color: str) -> tuple[bytes, str]:
    return placeholder(initials(full_name), color)
