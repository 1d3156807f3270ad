"""Importing an inventory: a preview lists every bad row and why; a file imports whole or not at
all; XLSX and CSV alike."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor, Tree
from garrison.readiness.imports import services as imports
from garrison.readiness.models import ImportBatch, Resource, ResourceEvent
from garrison.readiness.tests.conftest import Ground, day

HEADER = "Loại;Số hiệu;Số lượng;Đơn vị;Địa điểm;Chốt;Trạng thái;Hạn sử dụng;Ngày mua\n"


def _csv(event: Event, *rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_a_good_file_previews_then_imports_every_row(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    expires = day(event, 200).strftime("%d/%m/%Y")
    data = _csv(
        event,
        "ENGINE;29A-111;1;FIRE;Palace;;in service;;",
        f"EXT-CO2-5;;12;FIRE;;DOOR;;{expires};2026-01-05",
        "Máy bộ đàm cầm tay (handheld radio);R-77;;PA;;;Đang sử dụng;;",
    )
    batch = imports.preview_import(planning, "kho.csv", data)
    assert batch.problems == [] and len(batch.rows) == 3
    assert not Resource.objects.exists()
    assert imports.confirm_import(planning, batch) == 3
    engine = Resource.objects.get(identifier="29A-111")
    assert engine.site_id == ground.venue.pk and engine.owner_unit_id == tree.fire.pk
    co2 = Resource.objects.get(type=ground.co2)
    assert (co2.quantity, co2.post_id, co2.expires_on) == (12, ground.door.pk, day(event, 200))
    assert Resource.objects.get(identifier="R-77").owner_unit_id == tree.team_a.pk
    assert ResourceEvent.objects.filter(action="created").count() == 3
    assert Entry.objects.get(action="readiness.import.confirmed").after == {"created": 3}
    with pytest.raises(DomainError, match="already been confirmed"):
        imports.confirm_import(planning, batch)


def test_bad_rows_are_named_with_every_reason_and_nothing_is_imported(
    planning: Membership, ground: Ground, event: Event
) -> None:
    data = _csv(
        event,
        "ENGINE;29A-111;1;FIRE;Palace;;;;",
        "EXT-CO2-5;;-4;FIRE;;;;;",
        "EXT-CO2-5;;3;FIRE;;;;2026-01-01;2026-06-01",
        "SPACESHIP;X-1;1;NOBODY;;;;;",
        "ENGINE;29A-111;1;FIRE;;;;;",
        "ENGINE;29A-222;1;FIRE;;;;31/31/2026;",
        f"EXT-CO2-5;;3;FIRE;;DOOR;;{day(event, -3).isoformat()};",
    )
    batch = imports.preview_import(planning, "kho.csv", data)
    reasons = {
        problem["row"]: [code for code, _params in problem["reasons"]] for problem in batch.problems
    }
    assert reasons == {
        3: ["negative_quantity"],
        4: ["expires_before_purchase"],
        5: ["unknown_type", "unknown_unit"],
        6: ["duplicate_in_file"],
        7: ["bad_date"],
        8: ["expired"],
    }
    assert [row["row"] for row in batch.rows] == [2]
    with pytest.raises(DomainError) as caught:
        imports.confirm_import(planning, batch)
    assert caught.value.code == "import_has_bad_rows"
    assert not Resource.objects.exists()


def test_a_row_that_went_bad_since_the_preview_stops_the_whole_import(
    planning: Membership, tree: Tree, ground: Ground, event: Event
) -> None:
    batch = imports.preview_import(
        planning, "kho.csv", _csv(event, "ENGINE;E-1;1;FIRE;;;;;", "ENGINE;E-2;1;FIRE;;;;;")
    )
    Resource.objects.create(event=event, type=ground.engine, identifier="E-2", owner_unit=tree.fire)
    with pytest.raises(DomainError) as caught:
        imports.confirm_import(planning, batch)
    assert caught.value.code == "import_stale" and "Row 3" in str(caught.value.message)
    assert list(Resource.objects.values_list("identifier", flat=True)) == ["E-2"]
    assert ImportBatch.objects.get(pk=batch.pk).status == "pending"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (b"Name;Colour\nA;B\n", "missing_columns"),
        ("Loại;Đơn vị\nENGINE;FIRE\n".encode("utf-16"), "bad_encoding"),
        (b"PK\x03\x04not really a zip", "bad_xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_reason(
    planning: Membership, ground: Ground, content: bytes, code: str
) -> None:
    with pytest.raises(DomainError) as caught:
        imports.preview_import(planning, "bad", content)
    assert caught.value.code == code
    assert not ImportBatch.objects.exists()


def test_an_xlsx_inventory_is_read_with_its_dates(
    planning: Membership, ground: Ground, event: Event, planner: User, client_for: ClientFor
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Type", "Quantity", "Owner", "Zone", "Expires"])
    sheet.append(["EXT-POW-8", 20, "FIRE", "HALL", day(event, 90)])
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_for(planner)
    upload = SimpleUploadedFile("kho.xlsx", buffer.getvalue())
    response = client.post(
        reverse("readiness:import_upload", kwargs={"event": event.slug}), {"file": upload}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and "Import 1 row" in preview.content.decode()
    response = client.post(response["Location"], {"action": "confirm"})
    assert response.status_code == 302
    powder = Resource.objects.get()
    assert (powder.quantity, powder.zone_id, powder.expires_on) == (
        20,
        ground.hall.pk,
        day(event, 90),
    )


def test_the_preview_page_lists_the_bad_rows_and_offers_no_import(
    planning: Membership, ground: Ground, event: Event, planner: User, client_for: ClientFor
) -> None:
    batch = imports.preview_import(planning, "kho.csv", _csv(event, "EXT-CO2-5;;-4;FIRE;;;;;"))
    url = reverse("readiness:import_preview", kwargs={"event": event.slug, "pk": batch.pk})
    page = client_for(planner).get(url).content.decode()
    assert "The quantity cannot be negative." in page
    assert 'value="confirm"' not in page
