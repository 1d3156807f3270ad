"""Importing people: preview lists every bad row and why; nothing is saved until confirmed."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.accreditation.imports import services as imports
from garrison.accreditation.models import Category, ImportBatch, Person
from garrison.accreditation.people import services as people
from garrison.accreditation.people.services import PersonData
from garrison.core.errors import DomainError
from garrison.events.models import Event

pytestmark = pytest.mark.django_db

CSV = (
    "Họ tên;Đơn vị;Loại;Chức vụ;Mã\n"
    "Nguyễn Văn An;Tỉnh ủy;DEL;Bí thư;001\n"
    ";Tỉnh ủy;DEL;;002\n"
    "Trần Thị Bình;Sở Y tế;ALIEN;;003\n"
    "nguyễn văn  AN;tỉnh ủy;DEL;;004\n"
    "Lê Văn Cường;Báo Nhân Dân;Delegate;;001\n"
    "Phạm Thị Dung;Huyện ủy;del;;\n"
    "Hoàng Văn Em;Đã có;DEL;;\n"
    "\n"
)


def reasons(batch: ImportBatch) -> dict[int, list[str]]:
    return {p["row"]: [code for code, _params in p["reasons"]] for p in batch.problems}


def test_the_preview_lists_every_bad_row_and_saves_nobody(
    officer_m: Membership, delegate: Category
) -> None:
    people.create_person(officer_m, PersonData("Hoàng Văn Em", delegate.pk, "Đã có"))
    batch = imports.preview_import(officer_m, "list.csv", CSV.encode())
    assert reasons(batch) == {
        3: ["missing_name"],
        4: ["unknown_category"],
        5: ["duplicate_in_file"],
        6: ["duplicate_ref_in_file"],
        8: ["already_accredited"],
    }
    assert [row["full_name"] for row in batch.rows] == ["Nguyễn Văn An", "Phạm Thị Dung"]
    assert Person.objects.count() == 1  # only the one made above

    created = imports.confirm_import(officer_m, batch)
    assert created == 2
    assert Person.objects.filter(full_name="Nguyễn Văn An", ref="001", position="Bí thư").exists()
    with pytest.raises(DomainError) as again:
        imports.confirm_import(officer_m, batch)
    assert again.value.code == "import_closed"


def test_an_xlsx_file_is_read_by_content(officer_m: Membership, delegate: Category) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "Organisation", "Category", "Reference"])
    sheet.append(["Vũ Thị Hoa", "Sở Tư pháp", "DEL", 17])
    sheet.append(["X" * 250, "", "DEL", 18])
    out = io.BytesIO()
    book.save(out)
    batch = imports.preview_import(officer_m, "list.bin", out.getvalue())
    assert batch.rows[0]["ref"] == "17"
    assert reasons(batch) == {3: ["too_long"]}


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"name;org\nA;B\n", "missing_columns"),
        ("Họ tên;Loại\nA;DEL\n".encode("utf-16"), "bad_encoding"),
        (b"PK\x03\x04not really a zip", "bad_xlsx"),
    ],
)
def test_an_unreadable_file_says_why(officer_m: Membership, data: bytes, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        imports.preview_import(officer_m, "f", data)
    assert refused.value.code == code
    assert not ImportBatch.objects.exists()


def test_a_discarded_import_creates_nobody(officer_m: Membership, delegate: Category) -> None:
    batch = imports.preview_import(officer_m, "list.csv", CSV.encode())
    imports.discard_import(officer_m, batch)
    with pytest.raises(DomainError):
        imports.confirm_import(officer_m, batch)
    assert not Person.objects.exists()


def test_the_officer_uploads_previews_and_confirms_in_the_browser(
    client_for: Callable[[User], Client], officer: User, event: Event, delegate: Category
) -> None:
    client = client_for(officer)
    upload = reverse("accreditation:import_upload", kwargs={"event": event.slug})
    response = client.post(upload, {"file": SimpleUploadedFile("l.csv", CSV.encode())})
    assert response.status_code == 302
    preview = client.get(response["Location"]).content.decode()
    assert "Unknown category “ALIEN”." in preview and "Same person as row 2." in preview
    assert not Person.objects.exists()
    client.post(response["Location"], {"action": "confirm"})
    assert Person.objects.count() == 3
