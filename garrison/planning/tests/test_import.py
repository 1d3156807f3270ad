"""Task import from CSV: a preview naming every bad row; nothing saved until confirmed and clean."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from garrison.accounts.models import Membership, User
from garrison.events.models import Event
from garrison.forces.tests.conftest import Tree
from garrison.planning.models import Task

ClientFor = Callable[[User], Client]


def _csv(event: Event, planner: User, *rows: str) -> str:
    day = event.starts_on.isoformat()
    head = "title,deliverable,owner,unit,deadline,status\n"
    good = f"Sweep the hall,Report,{planner.username},PA,{day} 08:00,open\n"
    return head + good + "".join(rows)


def test_preview_lists_every_bad_row_and_why_and_saves_nothing(
    planner: User, planning: Membership, tree: Tree, event: Event, client_for: ClientFor
) -> None:
    url = reverse("planning:task_import", kwargs={"event": event.slug})
    text = _csv(
        event,
        planner,
        "No unit,Report,nobody,XX,2026-13-01 08:00,open\n",
        f"Too early,Report,{planner.username},PA,1990-01-01 08:00,open\n",
        f"Open without deliverable,,{planner.username},PA,,open\n",
    )
    response = client_for(planner).post(url, {"text": text, "confirm": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "no “nobody” in this event" in page and "no “XX” in this event" in page
    assert "YYYY-MM-DD HH:MM" in page
    assert "within the event" in page
    assert "cannot leave draft" in page
    assert not Task.objects.exists()


def test_a_clean_file_previews_then_imports_on_confirmation(
    planner: User, planning: Membership, tree: Tree, event: Event, client_for: ClientFor
) -> None:
    url = reverse("planning:task_import", kwargs={"event": event.slug})
    client = client_for(planner)
    text = _csv(event, planner, "Draft idea,,,,,\n")
    upload = SimpleUploadedFile("tasks.csv", text.encode("utf-8-sig"), content_type="text/csv")
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "2 tasks are ready to import" in preview.content.decode()
    assert not Task.objects.exists()
    assert client.post(url, {"text": text, "confirm": "1"}).status_code == 302
    assert sorted(Task.objects.values_list("title", "status")) == [
        ("Draft idea", "draft"),
        ("Sweep the hall", "open"),
    ]


def test_a_malformed_file_is_400_with_a_clear_message(
    planner: User, planning: Membership, event: Event, client_for: ClientFor
) -> None:
    url = reverse("planning:task_import", kwargs={"event": event.slug})
    client = client_for(planner)
    bad_header = client.post(url, {"text": "name,when\nx,y\n"})
    assert bad_header.status_code == 400
    assert "must name the columns" in bad_header.content.decode()
    latin = SimpleUploadedFile("t.csv", "title\nCà phê\n".encode("cp1258"))
    not_utf8 = client.post(url, {"file": latin})
    assert not_utf8.status_code == 400 and "not UTF-8" in not_utf8.content.decode()
    assert client.post(url, {"text": "title\n"}).status_code == 400
    assert not Task.objects.exists()
