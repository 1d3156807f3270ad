"""QR codes drawn as SVG (badges, patrol plaques): sharp at any print size, no raster step."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg


def qr_svg(code: str) -> bytes:
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
