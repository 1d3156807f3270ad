"""Import templates: downloaded in either language and sent back unchanged, they are accepted;
the headers the upload page names are the ones the importer reads, however they are typed."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.accreditation.imports import services as imports
from garrison.accreditation.imports.table import HEADERS, _header_map, read_table
from garrison.accreditation.models import Category, ImportBatch, Person
from garrison.events.models import Event

pytestmark = pytest.mark.django_db

TEMPLATES = [(language, fmt) for language in ("en", "vi") for fmt in ("csv", "xlsx")]


def _template_url(event: Event, language: str, fmt: str) -> str:
    return reverse(
        "accreditation:import_template",
        kwargs={"event": event.slug, "language": language, "fmt": fmt},
    )


@pytest.mark.parametrize(("language", "fmt"), TEMPLATES)
def test_a_template_sent_back_unchanged_is_accepted_and_its_example_row_left_out(
    client_for: Callable[[User], Client],
    officer: User,
    event: Event,
    delegate: Category,
    language: str,
    fmt: str,
) -> None:
    client = client_for(officer)
    download = client.get(_template_url(event, language, fmt))
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        f'attachment; filename="people-template-{language}.{fmt}"'
    )
    header, example = read_table(download.content)
    assert header == list(HEADERS[language].values())
    assert "DEL" in example  # the event's own category, so the row would be valid

    upload = reverse("accreditation:import_upload", kwargs={"event": event.slug})
    sent = client.post(upload, {"file": SimpleUploadedFile(f"t.{fmt}", download.content)})
    assert sent.status_code == 302
    batch = ImportBatch.objects.get(event=event)
    assert batch.rows == []
    assert [p["reasons"] for p in batch.problems] == [[["example_row", {}]]]
    preview = client.get(sent["Location"]).content.decode()
    assert "example row" in preview
    client.post(sent["Location"], {"action": "confirm"})
    assert not Person.objects.exists()


@pytest.mark.parametrize(("language", "fmt"), TEMPLATES)
def test_a_filled_in_template_imports_its_people(
    client_for: Callable[[User], Client],
    officer_m: Membership,
    officer: User,
    event: Event,
    delegate: Category,
    language: str,
    fmt: str,
) -> None:
    data = client_for(officer).get(_template_url(event, language, fmt)).content
    header, _example = read_table(data)
    row = {"full_name": "Nguyễn Văn Thắng", "category": "DEL", "organisation": "Sở Y tế"}
    columns = list(HEADERS[language])
    filled = [header, [row.get(column, "") for column in columns]]
    text = "\n".join(",".join(cells) for cells in filled)
    batch = imports.preview_import(officer_m, "filled.csv", text.encode())
    assert batch.problems == [] and len(batch.rows) == 1
    assert imports.confirm_import(officer_m, batch) == 1
    person = Person.objects.get(event=event)
    assert (person.full_name, person.organisation, person.import_batch_id) == (
        "Nguyễn Văn Thắng",
        "Sở Y tế",
        batch.pk,
    )


@pytest.mark.parametrize(
    "header",
    [
        "Họ và tên,Loại thẻ",
        "HO VA TEN,LOAI THE",
        "ho va ten , loai the",
        "Họ Và Tên*,Loại Thẻ:",
        "Full name,Category",
        "FULL_NAME,category",
        "Họ tên,Loại",
        "Tên,Đối tượng",
    ],
)
def test_headers_are_read_in_either_language_with_or_without_accents_and_case(
    officer_m: Membership, delegate: Category, header: str
) -> None:
    batch = imports.preview_import(officer_m, "l.csv", f"{header}\nLê Văn Cường,DEL\n".encode())
    assert [row["full_name"] for row in batch.rows] == ["Lê Văn Cường"]


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_upload_page_names_exactly_the_columns_the_importer_reads(
    client_for: Callable[[User], Client], officer: User, event: Event, language: str
) -> None:
    page = (
        client_for(officer)
        .get(
            reverse("accreditation:import_upload", kwargs={"event": event.slug}),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        .content.decode()
    )
    hint = page[page.index("CSV") :][:700]
    named = re.findall(r"“([^”]+)”", hint)
    assert named == list(HEADERS[language].values())
    assert set(_header_map(named)) == set(HEADERS[language])
    assert ("bắt buộc có" in hint) == (language == "vi")  # the hint itself is translated
    for lang, fmt in TEMPLATES:
        assert _template_url(event, lang, fmt) in page


def test_an_unknown_template_is_not_found(
    client_for: Callable[[User], Client], officer: User, event: Event
) -> None:
    client = client_for(officer)
    assert client.get(_template_url(event, "fr", "csv")).status_code == 404
    assert client.get(_template_url(event, "vi", "pdf")).status_code == 404
