"""Test images made with Pillow: real JPEG/PNG bytes, with or without metadata."""

from __future__ import annotations

import io

from PIL import Image


def jpeg(size: tuple[int, int] = (120, 160), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 80))
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def png(size: tuple[int, int] = (120, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 180)).save(out, format="PNG")
    return out.getvalue()
