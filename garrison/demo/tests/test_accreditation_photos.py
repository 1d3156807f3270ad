"""The demo's placeholder photos: drawn, not faces, stored like an upload."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from garrison.core.images import clean_photo
from garrison.demo import accreditation_photos as demo_photos


def test_initials_take_the_family_and_the_given_name() -> None:
    assert demo_photos.initials("Nguyễn Văn An") == "NA"
    assert demo_photos.initials("đặng thị ước (12)") == "ĐƯ"
    assert demo_photos.initials("Lan") == "L"
    assert demo_photos.initials("(3)") == "?"


def test_a_placeholder_is_a_small_clean_jpeg_in_the_category_colour() -> None:
    photo, digest = demo_photos.photo_for("Trần Thị Mai", "#15803d")
    assert digest == hashlib.sha256(photo).hexdigest()
    with Image.open(io.BytesIO(photo)) as image:
        assert (image.format, image.size) == ("JPEG", demo_photos.SIZE)
        assert not image.getexif() and "icc_profile" not in image.info
        red, green, blue = image.convert("RGB").getpixel((3, 3))  # type: ignore[misc]
    assert green > red + 60 and green > blue + 30  # the press green, not another colour
    # Already what the upload rules store: cleaning it again keeps the same size.
    assert Image.open(io.BytesIO(clean_photo(photo)[0])).size == demo_photos.SIZE
    other, _digest = demo_photos.photo_for("Trần Thị Mai", "#b91c1c")
    assert other != photo
