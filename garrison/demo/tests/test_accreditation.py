"""The demo congress's accreditation: 399 delegates and the other categories, loaded once."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image
from pytest_django import DjangoDbBlocker

from garrison.accreditation.models import Category, CategoryGrant, Credential, Person
from garrison.conftest import made_as_the_suite, rows_for_the_module
from garrison.demo import accreditation_photos as demo_photos

pytestmark = pytest.mark.django_db


def _load() -> None:
    call_command("load_demo", "--only", "accreditation", "--quiet-qr", stdout=StringIO())


@pytest.fixture(scope="module")
def accredited(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The congress accredited once for the module; each test loads it again on top, which
    finds it there as a rerun of ``load_demo`` does."""
    with rows_for_the_module(django_db_blocker):
        with made_as_the_suite(django_db_blocker):
            _load()
        yield


def test_the_demo_accredits_the_congress_once(accredited: None) -> None:
    _load()
    assert Person.objects.filter(category__code="DEL").count() == 399
    assert Person.objects.count() > 500
    assert Category.objects.filter(is_vehicle=True).exists()
    assert CategoryGrant.objects.filter(category__code="PRESS", zone__code="PRESS").exists()
    assert Credential.objects.filter(person__category__code="DEL").count() == 399
    before = (Person.objects.count(), Category.objects.count(), CategoryGrant.objects.count())
    _load()
    after = (Person.objects.count(), Category.objects.count(), CategoryGrant.objects.count())
    assert before == after
    assert len(set(Person.objects.values_list("dedupe_key", flat=True))) == before[0]


def test_every_demo_person_has_a_generated_photo_stored_like_an_upload(accredited: None) -> None:
    _load()
    rows = Person.objects.select_related("category").all()
    assert rows and all(p.has_photo for p in rows)
    for person in rows[:: max(1, len(rows) // 25)]:
        photo = bytes(person.photo or b"")
        assert hashlib.sha256(photo).hexdigest() == person.photo_sha256
        assert photo == demo_photos.photo_for(person.full_name, person.category.color)[0]
        with Image.open(io.BytesIO(photo)) as image:
            assert (image.format, image.size) == ("JPEG", demo_photos.SIZE)
