"""The public tip page never labels "(optional)" what the tip cannot be sent without."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from garrison.events.models import Event
from garrison.ops.models import OpsSettings

LABEL = re.compile(r'<label for="id_([a-z_]+)">(.*?)</label>', re.S)


def labels(html: str) -> dict[str, str]:
    return {
        name: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for name, text in LABEL.findall(html)
    }


@pytest.mark.parametrize(
    ("language", "where", "optional"),
    [
        ("en", "Where? (a few words, or a point on the map)", "(optional)"),
        ("vi", "Ở đâu? (vài chữ mô tả, hoặc một điểm trên bản đồ)", "(không bắt buộc)"),
    ],
)
def test_where_is_not_labelled_optional(
    event: Event, language: str, where: str, optional: str
) -> None:
    OpsSettings.objects.create(event=event, tips_open=True)
    client = Client()
    client.cookies["django_language"] = language
    with translation.override(language):
        page = client.get("/tip/", HTTP_ACCEPT_LANGUAGE=language)
    found = labels(page.content.decode())
    assert found["where"] == where
    assert optional not in found["what"]  # required outright
    assert found["contact"].endswith(optional)  # truly optional, and still says so
