"""The JavaScript catalogue: Django's own, built once per language, and kept by browsers only
under the URL pages link it by (its language and a digest of its content)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.i18n import JavaScriptCatalog as DjangoCatalog

from garrison.accounts.models import User

URL = "/i18n/catalog.js"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_catalogue_is_djangos_for_the_language_the_url_names(language: str) -> None:
    with translation.override(language):
        django = DjangoCatalog.as_view()(RequestFactory().get(URL))
    assert isinstance(django, HttpResponse)
    other = "vi" if language == "en" else "en"
    response = Client().get(URL, {"l": language}, HTTP_ACCEPT_LANGUAGE=other)
    assert response.status_code == 200
    assert response.content == django.content
    assert response["Content-Type"] == django["Content-Type"]


def test_a_page_links_the_catalogue_a_browser_may_keep(
    client_for: Callable[[User], Client], commander: User, event: Any
) -> None:
    page = client_for(commander).get(f"/e/{event.slug}/").content.decode()
    found = re.search(r'<script src="(/i18n/catalog\.js\?l=en&amp;v=[0-9a-f]{16})"', page)
    assert found, page[:2000]
    kept = Client().get(found[1].replace("&amp;", "&"))
    assert kept["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("query", ["", "?l=en", "?l=en&v=0123456789abcdef", "?l=xx&v=1"])
def test_without_its_current_version_the_catalogue_is_not_kept(query: str) -> None:
    response = Client().get(URL + query)
    assert response.status_code == 200
    assert "Cache-Control" not in response
