"""Photos by content only, bounded, re-encoded and stripped of metadata (docs/security.md #17)."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from garrison.accounts.models import Membership, User
from garrison.accreditation.models import Person
from garrison.accreditation.people.services import set_photo
from garrison.accreditation.tests.images import jpeg, png
from garrison.accreditation.tests.url_matrix import make_person
from garrison.core.errors import DomainError
from garrison.core.images import MAX_BYTES, clean_photo
from garrison.events.models import Event

pytestmark = pytest.mark.django_db


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS IFD
    return exif.tobytes()


def _code(data: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(DomainError) as refused:
        clean_photo(data, name)
    return refused.value.code


def test_a_jpeg_is_reencoded_without_its_metadata() -> None:
    original = jpeg(exif=_exif_with_gps())
    assert b"SecretCam" in original
    stored, digest = clean_photo(original)
    assert b"SecretCam" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert len(digest) == 64


def test_a_png_is_stored_as_jpeg_and_a_big_photo_is_shrunk() -> None:
    stored, _digest = clean_photo(png((1200, 1600)), "photo.png")
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (600, 800)


def test_svg_gif_and_text_are_refused_by_content() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert _code(svg, "photo.jpg") == "photo_not_image"
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, format="GIF")
    assert _code(out.getvalue(), "photo.gif") == "photo_not_image"
    assert _code(b"hello", "photo.png") == "photo_not_image"


def test_a_polyglot_with_a_tail_is_refused() -> None:
    assert _code(jpeg() + b"PK\x03\x04" + b"<html><script>x</script></html>" * 4) == (
        "photo_polyglot"
    )
    assert _code(png() + b"<script>alert(1)</script>", "p.png") == "photo_polyglot"


def test_a_path_like_name_is_refused() -> None:
    assert _code(jpeg(), "../../etc/passwd.jpg") == "photo_bad_name"
    assert _code(jpeg(), "dir/photo.jpg") == "photo_bad_name"


def test_too_many_bytes_or_pixels_or_too_few_are_refused() -> None:
    assert _code(b"\xff\xd8\xff" + b"\0" * MAX_BYTES) == "photo_too_large"
    assert _code(jpeg((20, 20))) == "photo_too_small"
    # A PNG header claiming 10,000 × 10,000 pixels: refused before any pixel is decoded.
    ihdr = struct.pack(">IIBBBBB", 10_000, 10_000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", 0)
        + b"IEND"
        + struct.pack(">I", zlib.crc32(b"IEND"))
    )
    assert _code(bomb, "bomb.png") == "photo_too_many_pixels"


def test_a_truncated_jpeg_is_refused() -> None:
    data = jpeg()
    assert _code(data[: len(data) // 2] + b"\xff\xd9") == "photo_unreadable"


def test_the_officer_uploads_a_photo_and_only_officers_see_it(
    client_for: Callable[[User], Client],
    officer: User,
    viewer: User,
    event: Event,
) -> None:
    person = make_person(event)
    upload = reverse("accreditation:photo_upload", kwargs={"event": event.slug, "pk": person.pk})
    response = client_for(officer).post(
        upload, {"photo": SimpleUploadedFile("me.jpg", jpeg(exif=_exif_with_gps()), "image/jpeg")}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.has_photo
    view = reverse("accreditation:person_photo", kwargs={"event": event.slug, "pk": person.pk})
    shown = client_for(officer).get(view)
    assert shown["Content-Type"] == "image/jpeg" and shown["Cache-Control"] == "no-store"
    assert b"SecretCam" not in shown.content
    assert client_for(viewer).get(view).status_code == 403


def test_an_svg_upload_says_why_and_keeps_the_old_photo(
    client_for: Callable[[User], Client], officer: User, officer_m: Membership, event: Event
) -> None:
    person = set_photo(officer_m, make_person(event), jpeg(), "a.jpg")
    upload = reverse("accreditation:photo_upload", kwargs={"event": event.slug, "pk": person.pk})
    svg = SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", "image/jpeg")
    response = client_for(officer).post(upload, {"photo": svg})
    assert response.status_code == 400
    assert "Only JPEG and PNG photos are accepted." in response.content.decode()
    assert Person.objects.get(pk=person.pk).photo_sha256 == person.photo_sha256


def test_a_polyglot_badge_photo_is_refused_with_a_clear_message(
    client_for: Callable[[User], Client], officer: User, officer_m: Membership, event: Event
) -> None:
    """The probe's file (issue 14): a JPEG, an HTML page, and a second End Of Image marker."""
    person = set_photo(officer_m, make_person(event), jpeg(), "a.jpg")
    upload = reverse("accreditation:photo_upload", kwargs={"event": event.slug, "pk": person.pk})
    polyglot = jpeg() + b"<html><script>alert(document.domain)</script></html>\xff\xd9"
    response = client_for(officer).post(
        upload, {"photo": SimpleUploadedFile("me.jpg", polyglot, "image/jpeg")}
    )
    assert response.status_code == 400
    assert "The file holds more than an image" in response.content.decode()
    assert Person.objects.get(pk=person.pk).photo_sha256 == person.photo_sha256
