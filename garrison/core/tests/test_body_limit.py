"""The body limit holds while a body is read, multipart included, under WSGI and ASGI.

A body over its limit is answered 413 before anything reads it: the view never runs. Only the
forms that upload a file (``UPLOADS``) take more than GARRISON_MAX_BODY_BYTES, and only enough
for that file and the form around it. A refused tip counts toward the sender's tip limit.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.urls import reverse

from garrison.accreditation.imports import table as imports
from garrison.core.images import MAX_BYTES
from garrison.core.middleware import FORM_ALLOWANCE, UPLOADS, body_limit
from garrison.events.models import Event
from garrison.ops.models import Incident, OpsSettings, TipThrottle
from garrison.ops.tips import views as tip_views
from garrison.ops.tips.forms import TipForm
from garrison.planning.imports import services as task_imports

TIP = "/tip/"
MiB = 1024 * 1024
BOUNDARY = "garrisonboundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
ADDRESS = "198.51.100.23"


class CountingStream(io.RawIOBase):
    """A request body of ``size`` bytes that remembers how much of it was read."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.size - self.taken)
        buffer[:n] = b"-" * n
        self.taken += n
        return n


@pytest.fixture
def open_event(event: Event) -> Event:
    OpsSettings.objects.create(event=event, tips_open=True)
    return event


@pytest.fixture
def tip_view_runs() -> Iterator[list[object]]:
    """Every time the tip view builds its form — that is, the view ran."""
    runs: list[object] = []
    real = TipForm

    def spy(*args: Any, **kwargs: Any) -> Any:
        runs.append(args)
        return real(*args, **kwargs)

    with mock.patch.object(tip_views, "TipForm", spy):
        yield runs


def multipart(photo_bytes: int, what: str = "A bag left under the bench") -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="what"\r\n\r\n{what}\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="where"\r\n\r\nNorth gate\r\n',
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; "
        'name="photo"; filename="bag.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    ]
    tail = f"\r\n--{BOUNDARY}--\r\n"
    return "".join(parts).encode() + b"\xff\xd8\xff" + b"\0" * photo_bytes + tail.encode()


def declared_huge_tip(client: Client, address: str = ADDRESS) -> tuple[Any, CountingStream]:
    """A tip that says it is 100 MiB long; the stream behind it would deliver all of it."""
    stream = CountingStream(100 * MiB)
    return send_stream(client, TIP, stream, str(100 * MiB), REMOTE_ADDR=address), stream


def send_stream(
    client: Client, path: str, stream: CountingStream, length: str, **extra: str
) -> Any:
    """POST ``stream`` as a multipart body that declares ``length``."""
    environ: dict[str, Any] = {"CONTENT_TYPE": MULTIPART, "CONTENT_LENGTH": length, **extra}
    environ["wsgi.input"] = stream
    return client.generic("POST", path, **environ)


def valid_tip(client: Client, address: str = ADDRESS) -> Any:
    data = {"what": "Smoke from a bin", "where": "Hall B"}
    return client.post(TIP, data, REMOTE_ADDR=address)


# --- WSGI (gunicorn; the test client goes the same way) ----------------------------------------


def test_a_multipart_tip_declared_at_100_mib_is_413_without_reading_it(
    open_event: Event, tip_view_runs: list[object]
) -> None:
    response, stream = declared_huge_tip(Client())
    assert response.status_code == 413
    assert stream.taken == 0 and tip_view_runs == []
    assert not Incident.objects.exists()


def test_a_browser_gets_a_page_and_a_script_json(open_event: Event) -> None:
    page, _ = declared_huge_tip(Client(HTTP_ACCEPT="text/html,*/*;q=0.8"))
    assert page.status_code == 413 and "The request is too large." in page.content.decode()
    api = send_stream(Client(), "/api/v1/events/", CountingStream(3 * MiB), str(3 * MiB))
    assert api.status_code == 413 and api.json()["code"] == "too_large"


def test_multipart_anywhere_else_keeps_the_common_limit(db: Any) -> None:
    body = multipart(settings.GARRISON_MAX_BODY_BYTES)  # under an upload form's limit, not this
    login = reverse("accounts:login")
    response = Client().generic("POST", login, body, content_type=MULTIPART)
    assert response.status_code == 413


def test_a_photo_just_over_its_own_limit_gets_the_forms_message(
    open_event: Event, tip_view_runs: list[object]
) -> None:
    body = multipart(MAX_BYTES)  # the photo is over 2 MB, the body inside the upload limit
    assert settings.GARRISON_MAX_BODY_BYTES < len(body) <= body_limit(TIP)[0]
    response = Client().generic("POST", TIP, body, content_type=MULTIPART, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 400 and "larger than 2 MB" in response.content.decode()
    assert len(tip_view_runs) == 1


def test_a_body_that_understates_its_length_is_read_no_further(open_event: Event) -> None:
    # Under WSGI Django reads a body only up to its Content-Length, whatever follows.
    stream = CountingStream(100 * MiB)
    send_stream(Client(), TIP, stream, "4096", REMOTE_ADDR=ADDRESS)
    assert stream.taken <= 4096


def test_every_upload_form_gets_its_files_limit_and_the_form_around_it() -> None:
    files = {
        "tip:form": MAX_BYTES,
        "ops:incident_photo_upload": MAX_BYTES,
        "accreditation:photo_upload": MAX_BYTES,
        "accreditation:import_upload": imports.MAX_FILE_BYTES,
    }
    assert files == UPLOADS
    paths = {
        "tip:form": reverse("tip:form"),
        "ops:incident_photo_upload": reverse(
            "ops:incident_photo_upload", kwargs={"event": "x", "pk": 1}
        ),
        "accreditation:photo_upload": reverse(
            "accreditation:photo_upload", kwargs={"event": "x", "pk": 1}
        ),
        "accreditation:import_upload": reverse(
            "accreditation:import_upload", kwargs={"event": "x"}
        ),
    }
    for name, path in paths.items():
        assert body_limit(path) == (files[name] + FORM_ALLOWANCE, name)
    # The task import (a 1 MB file, or the same pasted) fits the common limit as it is.
    task_import = reverse("planning:task_import", kwargs={"event": "x"})
    assert body_limit(task_import)[0] == settings.GARRISON_MAX_BODY_BYTES
    assert 2 * task_imports.MAX_BYTES + FORM_ALLOWANCE <= settings.GARRISON_MAX_BODY_BYTES


# --- ASGI (uvicorn) --------------------------------------------------------------------------


def asgi_post(
    path: str, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[int, dict[bytes, bytes], bytes, int]:
    """POST ``chunks`` to the project's ASGI application; answer status, headers, body and
    how many of the chunks it pulled."""
    from garrison.asgi import application

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": (ADDRESS, 50000),
        "server": ("testserver", 80),
    }
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled < len(chunks):
            pulled += 1
            return {
                "type": "http.request",
                "body": chunks[pulled - 1],
                "more_body": pulled < len(chunks),
            }
        await asyncio.Event().wait()  # the client stays until it has its answer
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    # As Django's test client does: the test's own connection must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        async_to_sync(application)(scope, receive, send)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body, pulled


def test_a_chunked_tip_is_cut_off_at_the_limit_while_it_arrives(
    open_event: Event, tip_view_runs: list[object]
) -> None:
    chunk = b"\0" * (256 * 1024)
    chunks = [multipart(0)[:-40], *([chunk] * 40)]  # 10 MiB, no Content-Length
    status, headers, _, pulled = asgi_post(
        TIP, chunks, [(b"content-type", MULTIPART.encode()), (b"transfer-encoding", b"chunked")]
    )
    assert status == 413 and tip_view_runs == []
    assert pulled <= 1 + body_limit(TIP)[0] // len(chunk) + 1  # no further than the limit
    assert headers[b"connection"] == b"close"  # the rest is never read
    assert TipThrottle.objects.count() == 1  # and it counts toward the tip limit


def test_a_declared_length_over_the_limit_is_not_read_at_all_under_asgi(
    open_event: Event, tip_view_runs: list[object]
) -> None:
    headers = [(b"content-type", MULTIPART.encode()), (b"content-length", str(100 * MiB).encode())]
    status, _, _, pulled = asgi_post(TIP, [b"x" * 1024] * 10, headers)
    assert status == 413 and pulled == 0 and tip_view_runs == []


def test_a_chunked_tip_within_the_limit_is_read_whole(open_event: Event) -> None:
    body = multipart(0, what="Smoke by the east door").replace(
        b"\xff\xd8\xff", b""
    )  # no photo: an empty file part
    body = body.replace(b'filename="bag.jpg"', b'filename=""')
    chunks = [body[i : i + 100] for i in range(0, len(body), 100)]
    csrf = b"k" * 32  # a browser's CSRF cookie, echoed in the header as the page's script does
    headers = [
        (b"content-type", MULTIPART.encode()),
        (b"transfer-encoding", b"chunked"),
        (b"cookie", b"csrftoken=" + csrf),
        (b"x-csrftoken", csrf),
    ]
    status, _, _, pulled = asgi_post(TIP, chunks, headers)
    assert status == 200 and pulled == len(chunks)
    assert Incident.objects.get().description == "Smoke by the east door"


# --- Refused tips count toward the tip limit --------------------------------------------------


def test_tips_too_large_to_read_count_toward_the_limit(
    open_event: Event, settings: Any, tip_view_runs: list[object]
) -> None:
    settings.GARRISON_TIP_LIMIT = 3
    client = Client()
    for _ in range(3):
        assert declared_huge_tip(client)[0].status_code == 413
    assert valid_tip(client).status_code == 429
    # Past the limit a huge one is answered 429, still unread.
    response, stream = declared_huge_tip(client)
    assert response.status_code == 429 and stream.taken == 0
    assert "Too many reports have come from your connection" in response.content.decode()
    assert valid_tip(client, address="203.0.113.40").status_code == 200  # another address


def test_invalid_tips_count_toward_the_limit(open_event: Event, settings: Any) -> None:
    settings.GARRISON_TIP_LIMIT = 3
    client = Client()
    assert client.post(TIP, {"what": ""}, REMOTE_ADDR=ADDRESS).status_code == 400
    no_place = {"what": "Smoke", "where": "", "lat": "95", "lon": "105"}
    assert client.post(TIP, no_place, REMOTE_ADDR=ADDRESS).status_code == 400
    bad_photo = SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", "image/jpeg")
    fields = {"what": "A bag", "where": "North gate", "photo": bad_photo}
    assert client.post(TIP, fields, REMOTE_ADDR=ADDRESS).status_code == 400
    refused = valid_tip(client)
    assert refused.status_code == 429 and "Too many reports" in refused.content.decode()
    assert client.post(TIP, {"what": ""}, REMOTE_ADDR=ADDRESS).status_code == 429
    assert not Incident.objects.exists()
