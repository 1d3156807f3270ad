"""The image sanitiser refuses polyglots by the image's structure, not by searching for an end
marker, and refuses markup anywhere; ordinary camera and phone files still pass (docs/security.md
#17). The upload pages' answers are in accreditation's and ops' photo tests."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from garrison.accreditation.tests.images import jpeg, png
from garrison.core.errors import DomainError
from garrison.core.images import MAX_BYTES, clean_photo

# The probe's file (issue 14): a JPEG, an HTML page, and a second End Of Image marker, so that
# the last two bytes of the file are FF D9 like any JPEG's.
HTML = b"<html><body><script>alert(document.domain)</script></body></html>"
POLYGLOT = jpeg() + HTML + b"\xff\xd9"


def _refusal(data: bytes, name: str = "photo.jpg") -> DomainError:
    with pytest.raises(DomainError) as refused:
        clean_photo(data, name)
    return refused.value


def _passes(data: bytes, name: str = "photo.jpg") -> None:
    stored, _digest = clean_photo(data, name)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"


def _segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def _after_soi(data: bytes, *segments: bytes) -> bytes:
    return data[:2] + b"".join(segments) + data[2:]


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def _exif_with_thumbnail() -> bytes:
    """EXIF as a phone writes it: a camera make, and in IFD1 a thumbnail that is a whole JPEG
    (with its own FF D9) inside the APP1 segment, before the photo's own data."""
    thumb = jpeg((80, 60))
    make = b"PhoneCam\x00"
    ifd0 = (
        struct.pack("<H", 1)
        + struct.pack("<HHII", 0x010F, 2, len(make), 26)
        + struct.pack("<I", 36)
    )
    ifd1 = (
        struct.pack("<H", 2)
        + struct.pack("<HHII", 0x0201, 4, 1, 66)
        + struct.pack("<HHII", 0x0202, 4, 1, len(thumb))
        + struct.pack("<I", 0)
    )
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + make + b"\x00" + ifd1 + thumb
    return b"Exif\x00\x00" + tiff


def _noise(size: tuple[int, int], kind: str) -> bytes:
    """Compressed noise: any byte sequence may occur in it, as in a real photo's pixel data."""
    rng = random.Random(14)
    image = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    out = io.BytesIO()
    image.save(out, format=kind, **({"quality": 95} if kind == "JPEG" else {}))
    return out.getvalue()


# --- Polyglots --------------------------------------------------------------------------------


def test_the_probes_polyglot_with_a_second_end_marker_is_refused_with_a_clear_message() -> None:
    refused = _refusal(POLYGLOT)
    assert refused.code == "photo_polyglot" and refused.field == "photo"
    assert str(refused.message) == "The file holds more than an image; save it again as a photo."


def test_any_tail_after_the_real_end_is_refused_even_without_markup() -> None:
    zip_tail = b"PK\x03\x04" + bytes(range(256)) * 4 + b"\xff\xd9"
    assert _refusal(jpeg() + zip_tail).code == "photo_polyglot"
    # A second JPEG's start followed by anything but a whole JPEG is no picture either.
    assert _refusal(jpeg() + b"\xff\xd8\xff" + HTML + b"\xff\xd9").code == "photo_polyglot"


def test_markup_inside_the_images_own_metadata_is_refused() -> None:
    comment = _after_soi(jpeg(), _segment(0xFE, b'<svg onload="alert(1)">'))
    refused = _refusal(comment)
    assert refused.code == "photo_polyglot"
    assert "web page or script code" in str(refused.message)
    exif = _after_soi(jpeg(), _segment(0xE1, b"Exif\x00\x00<script src=//x.example></script>"))
    assert _refusal(exif).code == "photo_polyglot"
    php = _after_soi(jpeg(), _segment(0xFE, b"<?php system($_GET['c']); ?>"))
    assert _refusal(php).code == "photo_polyglot"


def test_a_png_with_a_tail_that_ends_in_a_second_iend_is_refused() -> None:
    data = png()
    assert _refusal(data + HTML + _png_chunk(b"IEND", b""), "p.png").code == "photo_polyglot"
    assert _refusal(data + b"\x00" * 4 + b"tail" + _png_chunk(b"IEND", b""), "p.png").code == (
        "photo_polyglot"
    )


def test_markup_in_a_png_text_chunk_is_refused() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<iframe src=https://x.example></iframe>")
    out = io.BytesIO()
    Image.new("RGB", (120, 160)).save(out, format="PNG", pnginfo=info)
    assert _refusal(out.getvalue(), "p.png").code == "photo_polyglot"


def test_a_file_that_breaks_its_own_structure_is_unreadable() -> None:
    assert _refusal(jpeg()[:-2]).code == "photo_unreadable"  # no End Of Image
    assert _refusal(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64).code == "photo_unreadable"
    chunked = png()
    assert _refusal(chunked[:-12], "p.png").code == "photo_unreadable"  # no IEND
    # A segment that claims to run past the end of the file.
    assert _refusal(jpeg()[:2] + b"\xff\xfe\xff\xff" + b"x" * 10).code == "photo_unreadable"


# --- Ordinary files ---------------------------------------------------------------------------


def test_a_phone_photo_with_exif_and_a_thumbnail_passes() -> None:
    data = jpeg((400, 300), exif=_exif_with_thumbnail())
    assert data.count(b"\xff\xd9") >= 2 and b"PhoneCam" in data
    _passes(data)


def test_progressive_jpegs_with_restart_markers_pass() -> None:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 30, 200)).save(
        out, format="JPEG", progressive=True, restart_marker_blocks=2
    )
    _passes(out.getvalue())


def test_a_multi_picture_file_from_a_phone_passes() -> None:
    """Phones store an HDR gain map or a larger preview as further whole JPEGs after the first
    (the Multi-Picture Format): pictures, not a payload."""
    out = io.BytesIO()
    first, second = Image.new("RGB", (300, 200), (10, 20, 30)), Image.new("RGB", (150, 100))
    first.save(out, format="MPO", save_all=True, append_images=[second])
    data = out.getvalue()
    assert data.count(b"\xff\xd8\xff") == 2
    _passes(data)


def test_zero_padding_after_the_end_passes() -> None:
    _passes(jpeg() + b"\x00" * 8)


def test_pngs_with_text_and_xmp_metadata_pass() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "Phone camera 1.0")
    xmp = '<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    info.add_itxt("XML:com.adobe.xmp", xmp)
    out = io.BytesIO()
    Image.new("RGB", (120, 160)).save(out, format="PNG", pnginfo=info)
    _passes(out.getvalue(), "p.png")


@pytest.mark.parametrize(("kind", "size"), [("JPEG", (1200, 900)), ("PNG", (640, 640))])
def test_big_compressed_noise_is_not_mistaken_for_markup(kind: str, size: tuple[int, int]) -> None:
    data = _noise(size, kind)
    assert 1_000_000 < len(data) <= MAX_BYTES
    _passes(data, f"noise.{kind.lower()}")
