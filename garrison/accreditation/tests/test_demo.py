"""The demo congress's accreditation: 399 delegates and the other categories, loaded once."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from garrison.accreditation.models import Category, CategoryGrant, Credential, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_accredits_the_congress_once() -> None:
    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    assert Person.objects.filter(category__code="DEL").count() == 399
    assert Person.objects.count() > 500
    assert Category.objects.filter(is_vehicle=True).exists()
    assert CategoryGrant.objects.filter(category__code="PRESS", zone__code="PRESS").exists()
    assert Credential.objects.filter(person__category__code="DEL").count() == 399
    before = (Person.objects.count(), Category.objects.count(), CategoryGrant.objects.count())
    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    after = (Person.objects.count(), Category.objects.count(), CategoryGrant.objects.count())
    assert before == after
    assert len(set(Person.objects.values_list("dedupe_key", flat=True))) == before[0]
