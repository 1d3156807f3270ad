"""The front-end packages copied by scripts/assets.mjs: the API docs page loads Swagger UI from
them (never a CDN), and production's collectstatic accepts every file they name."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse


def test_the_api_docs_page_loads_swagger_ui_from_our_static_files(client: Client) -> None:
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in sources
    assert "/static/vendor/swagger-ui/swagger-ui.css" in sources
    assert "/static/core/api-docs.js" in sources
    assert all(source.startswith("/") for source in sources), sources  # nothing from elsewhere
    # The only script elements are files and the settings as JSON data: no inline code.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [
        '<script id="swagger-settings" type="application/json">'
    ]
    assert reverse("api:openapi-json") in html
    for path in ("vendor/swagger-ui/swagger-ui-bundle.js", "core/api-docs.js"):
        assert client.get("/static/" + path).status_code == 200


def test_collectstatic_with_hashed_names_finds_every_file_the_assets_name(tmp_path: Path) -> None:
    # Production's storage (whitenoise's, which adds compression) rewrites the source maps that
    # the vendored files name, and refuses one that is missing; Django's own does the same check.
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
