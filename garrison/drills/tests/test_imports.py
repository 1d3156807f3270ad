"""Importing injects: every row checked and previewed; all rows written on confirmation, or none."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from garrison.accounts.models import Membership, User
from garrison.core.errors import DomainError
from garrison.drills.models import Inject, ScriptImport
from garrison.drills.scripts.services import imports
from garrison.drills.tests.factories import make_script, venue
from garrison.events.models import Event, Zone

HEADER = "ref,minute,kind,type,place,severity,text,expected action,target,stage,objective,contingency for"
GOOD = [
    "A,3,incident,suspicious_object,Conference centre,2,Bag in the press area,Cordon,3,dispatched,O1,",
    "B,7,incident,medical,Conference centre,1,Delegate collapses,Send medics,2,on_scene,,",
    "C,,tip,,Conference centre,3,Second caller about the bag,Dispatch now,1,dispatched,,A",
    "D,12:30,gate_surge,,21.0290;105.8550,2,Crowd pushes at gate 2,Open gate 3,4,,,",
]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_a_clean_file_is_previewed_then_imported_whole(
    as_planner: Membership, event: Event
) -> None:
    script = make_script(event, minutes=(0,))
    batch = imports.preview_import(as_planner, script, "msel.csv", _csv(*GOOD))
    assert batch.problems == [] and len(batch.rows) == 4
    assert script.injects.count() == 1  # a preview writes no inject
    assert imports.confirm_import(as_planner, batch) == 4
    injects = {i.number: i for i in script.injects.all()}
    assert [injects[n].offset_seconds for n in (2, 3, 4)] == [180, 420, 750]
    backup = script.injects.get(contingency_of__isnull=False)
    assert backup.contingency_of is not None and backup.contingency_of.text.startswith("Bag")
    surge = script.injects.get(kind="gate_surge")
    assert (surge.incident_type, surge.lat, surge.site_id) == ("crowd", 21.029, None)
    assert script.injects.get(text__startswith="Bag").objective is not None


def test_bad_rows_are_listed_with_their_reason_and_nothing_is_imported(
    as_planner: Membership, event: Event
) -> None:
    script = make_script(event, minutes=(0,))
    bad = [
        "E,-2,incident,fire,Conference centre,2,Smoke,Send fire,3,,,",
        "F,3,incident,fire,Conference centre,2,Smoke again,Send fire,3,,,",
        "G,20,incident,fire,Nowhere hall,2,Smoke,Send fire,3,,,",
        "H,21,incident,fire,10.77;106.70,2,Smoke,Send fire,3,,,",
        "I,22,meteor,fire,Conference centre,2,Smoke,Send fire,3,,,",
        "J,23,incident,fire,Conference centre,9,Smoke,Send fire,3,,,",
        "K,,tip,,Conference centre,3,Again,Go,1,,,Z",
        "L,0,incident,fire,Conference centre,2,At the start,Send fire,3,,,",
    ]
    batch = imports.preview_import(as_planner, script, "msel.csv", _csv(*GOOD[:1], *bad))
    reasons = {p["row"]: p["reason"] for p in batch.problems}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "negative" in reasons[3]
    assert "Same minute as row 2" in reasons[4]
    assert "Nowhere hall" in reasons[5]
    assert "outside the event's area" in reasons[6]
    assert "meteor" in reasons[7]
    assert "Severity" in reasons[8]
    assert "“Z”" in reasons[9]
    assert "#1 already arrives at minute 0" in reasons[10]
    with pytest.raises(DomainError) as caught:
        imports.confirm_import(as_planner, batch)
    assert caught.value.code == "import_has_problems"
    assert script.injects.count() == 1


def test_a_file_without_the_required_columns_or_not_a_table_is_refused(
    as_planner: Membership, event: Event
) -> None:
    script = make_script(event)
    with pytest.raises(DomainError) as caught:
        imports.preview_import(as_planner, script, "x.csv", b"name,when\nx,y\n")
    assert caught.value.code == "missing_columns"
    with pytest.raises(DomainError) as caught:
        imports.preview_import(as_planner, script, "x.xlsx", b"PK\x03\x04garbage")
    assert caught.value.code == "bad_xlsx"
    assert not ScriptImport.objects.exists()


def test_confirmation_writes_nothing_when_a_row_went_bad_since_the_preview(
    as_planner: Membership, event: Event
) -> None:
    script = make_script(event, minutes=(0,))
    zone = Zone.objects.create(
        event=event,
        site=venue(event),
        code="Z1",
        name="Press area",
        access_level="controlled",
        polygon={
            "type": "Polygon",
            "coordinates": [[[105.85, 21.02], [105.86, 21.02], [105.86, 21.03], [105.85, 21.02]]],
        },
    )
    rows = [
        "A,3,incident,fire,Conference centre,2,Smoke,Send fire,3,,,",
        "B,4,incident,fire,Z1,2,Smoke in the press area,Send fire,3,,,",
    ]
    batch = imports.preview_import(as_planner, script, "msel.csv", _csv(*rows))
    assert batch.problems == []
    zone.delete()
    with pytest.raises(DomainError) as caught:
        imports.confirm_import(as_planner, batch)
    assert "Row 3" in str(caught.value.message)
    assert script.injects.count() == 1


def test_an_xlsx_in_vietnamese_is_read_through_the_import_pages(
    client_for: Callable[[User], Client], planner: User, event: Event
) -> None:
    script = make_script(event, minutes=(0,))
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Phút",
            "Loại",
            "Loại sự việc",
            "Địa điểm",
            "Mức độ",
            "Nội dung",
            "Hành động mong đợi",
            "Thời hạn (phút)",
        ]
    )
    sheet.append([3, "incident", "medical", "Conference centre", 1, "Ngất ở sảnh", "Cử y tế", 2])
    data = io.BytesIO()
    book.save(data)
    client = client_for(planner)
    response = client.post(
        f"/e/{event.slug}/drills/scripts/{script.pk}/import/",
        {"file": SimpleUploadedFile("msel.xlsx", data.getvalue())},
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "Ngất ở sảnh" in preview.content.decode()
    confirmed = client.post(response["Location"], {"action": "confirm"})
    assert confirmed.status_code == 302
    assert Inject.objects.filter(script=script, text="Ngất ở sảnh").exists()
