"""Incident photos: accreditation's photo rules, on the incident page and the tip page; desk-only."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from garrison.accounts.models import Membership, Role, User
from garrison.accreditation.tests.images import jpeg, png
from garrison.audit.models import Entry
from garrison.core.errors import DomainError
from garrison.core.images import MAX_BYTES
from garrison.events.models import Event
from garrison.ops.models import Incident, IncidentPhoto, OpsSettings, Status
from garrison.ops.photos.services import add_photo
from garrison.ops.tests.factories import make_incident, make_unit

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
MembershipOf = Callable[[User, Event], Membership]


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS IFD
    return exif.tobytes()


def _upload(client: Client, event: Event, incident: Incident, data: bytes, name: str) -> object:
    url = reverse("ops:incident_photo_upload", kwargs={"event": event.slug, "pk": incident.pk})
    return client.post(url, {"photo": SimpleUploadedFile(name, data, "image/jpeg")})


def _photo_url(event: Event, photo: IncidentPhoto) -> str:
    kwargs = {"event": event.slug, "pk": photo.incident_id, "photo_id": photo.pk}
    return reverse("ops:incident_photo", kwargs=kwargs)


def test_a_good_photo_is_reencoded_without_metadata_and_shown_to_the_desk_only(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    # The field officer's unit reported it: a unit role sees its unit's incidents only.
    unit = make_unit(event)
    incident = make_incident(event, reporting_unit=unit)
    Membership.objects.filter(user=members[Role.FIELD_OFFICER], event=event).update(unit_id=unit.pk)
    officer = client_for(members[Role.FIELD_OFFICER])
    response = _upload(officer, event, incident, jpeg(exif=_exif_with_gps()), "scene.jpg")
    assert response.status_code == 302  # type: ignore[attr-defined]
    photo = IncidentPhoto.objects.get(incident=incident)
    stored = bytes(photo.data)
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()
    entry = Entry.objects.get(action="ops.incident.photo_added")
    assert entry.after == {"photo": photo.pk}  # by id: the audit log holds no photo data

    desk = client_for(members[Role.DUTY_OFFICER])
    page = desk.get(reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk}))
    assert _photo_url(event, photo) in page.content.decode()
    shown = desk.get(_photo_url(event, photo))
    assert shown.status_code == 200 and shown.content == stored
    assert shown["Cache-Control"] == "no-store" and shown["Content-Type"] == "image/jpeg"

    assert officer.get(_photo_url(event, photo)).status_code == 403
    page = officer.get(reverse("ops:incident", kwargs={"event": event.slug, "pk": incident.pk}))
    assert _photo_url(event, photo) not in page.content.decode()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "scene.jpg"),
        (jpeg() + b"PK\x03\x04" + b"<html><script>x</script></html>" * 4, "scene.jpg"),
        (png() + b"<script>alert(1)</script>", "scene.png"),
        (b"GIF89a" + b"\x00" * 40, "scene.gif"),
        (jpeg((20, 20)), "tiny.jpg"),
        (jpeg()[:200], "cut.jpg"),
    ],
    ids=["svg", "jpeg-zip-polyglot", "png-html-polyglot", "gif", "too-small", "cut"],
)
def test_refused_files_answer_400_with_a_reason_and_store_nothing(
    event: Event, members: dict[str, User], client_for: ClientFor, data: bytes, name: str
) -> None:
    incident = make_incident(event)
    response = _upload(client_for(members[Role.DUTY_OFFICER]), event, incident, data, name)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert 'role="alert"' in response.content.decode()  # type: ignore[attr-defined]
    assert not IncidentPhoto.objects.exists()
    assert not Entry.objects.filter(action="ops.incident.photo_added").exists()


def test_a_path_like_name_is_refused_by_the_service(
    event: Event, members: dict[str, User], membership_of: MembershipOf
) -> None:
    # Django's upload parser already keeps only the base name; the service refuses it anyway.
    desk = membership_of(members[Role.DUTY_OFFICER], event)
    incident = make_incident(event)
    for name in ("../../etc/passwd.jpg", "dir\\photo.jpg"):
        with pytest.raises(DomainError) as refused:
            add_photo(desk, incident, jpeg(), name)
        assert refused.value.code == "photo_bad_name"
    assert not IncidentPhoto.objects.exists()


def test_an_oversized_file_is_refused_without_reading_all_of_it(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    incident = make_incident(event)
    # Over the photo limit but inside the upload form's body limit, so the view judges it; a
    # bigger body is refused before it is read (core/tests/test_body_limit.py).
    big = jpeg() + b"\x00" * MAX_BYTES
    response = _upload(client_for(members[Role.DUTY_OFFICER]), event, incident, big, "big.jpg")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert not IncidentPhoto.objects.exists()


def test_an_upload_without_a_file_or_to_a_closed_incident_is_refused(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    desk = client_for(members[Role.DUTY_OFFICER])
    incident = make_incident(event)
    url = reverse("ops:incident_photo_upload", kwargs={"event": event.slug, "pk": incident.pk})
    assert desk.post(url, {}).status_code == 400
    closed = make_incident(event, status=Status.CLOSED)
    assert _upload(desk, event, closed, jpeg(), "a.jpg").status_code == 409  # type: ignore[attr-defined]
    assert not IncidentPhoto.objects.exists()


def test_another_events_photo_is_404(
    event: Event, other_event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    other = make_incident(other_event)
    photo = IncidentPhoto.objects.create(
        incident=other, data=jpeg(), sha256="0" * 64, at=other.received_at, actor_label="t"
    )
    desk = client_for(members[Role.DUTY_OFFICER])
    url = reverse(
        "ops:incident_photo", kwargs={"event": event.slug, "pk": other.pk, "photo_id": photo.pk}
    )
    assert desk.get(url).status_code == 404


def test_a_tip_may_carry_a_photo_and_a_refused_one_stores_no_tip(event: Event) -> None:
    OpsSettings.objects.create(event=event, tips_open=True)
    client = Client()
    fields = {"what": "A bag left under the bench", "where": "North gate"}
    bad = SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>", "image/jpeg")
    refused = client.post("/tip/", {**fields, "photo": bad}, REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 400 and 'role="alert"' in refused.content.decode()
    assert not Incident.objects.exists()

    good = SimpleUploadedFile("bag.png", png(), "image/png")
    response = client.post("/tip/", {**fields, "photo": good}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 200
    photo = IncidentPhoto.objects.get()
    assert photo.incident.reference in response.content.decode()
    assert photo.actor_label.startswith("public:") and photo.user is None
    with Image.open(io.BytesIO(bytes(photo.data))) as image:
        assert image.format == "JPEG"


def test_a_polyglot_tip_photo_is_refused_with_a_clear_message_and_stores_no_tip(
    event: Event,
) -> None:
    """The probe's file (issue 14): a JPEG, an HTML page, and a second End Of Image marker."""
    OpsSettings.objects.create(event=event, tips_open=True)
    polyglot = jpeg() + b"<html><script>alert(document.domain)</script></html>\xff\xd9"
    fields = {"what": "A bag left under the bench", "where": "North gate"}
    photo = SimpleUploadedFile("bag.jpg", polyglot, "image/jpeg")
    response = Client().post("/tip/", {**fields, "photo": photo}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 400
    assert "The file holds more than an image" in response.content.decode()
    assert not Incident.objects.exists() and not IncidentPhoto.objects.exists()


def test_the_printable_log_shows_the_photos_to_the_desk_through_the_checked_view(
    event: Event, members: dict[str, User], client_for: ClientFor, membership_of: MembershipOf
) -> None:
    incident = make_incident(event)
    officer = membership_of(members[Role.FIELD_OFFICER], event)
    first = add_photo(officer, incident, jpeg(), "a.jpg")
    second = add_photo(officer, incident, png(), "b.png")
    url = reverse("ops:incident_log", kwargs={"event": event.slug, "pk": incident.pk})

    desk = client_for(members[Role.DUTY_OFFICER])
    page = desk.get(url).content.decode()
    for photo in (first, second):
        assert f'src="{_photo_url(event, photo)}"' in page
        # The image the page points at is served to the same reader.
        assert desk.get(_photo_url(event, photo)).status_code == 200
    assert 'data-testid="log-photos"' in page

    # Others read the log but see only that photos exist, as on the incident page.
    viewer = client_for(members[Role.VIEWER]).get(url).content.decode()
    assert "2 photos, shown to the desk only." in viewer
    assert _photo_url(event, first) not in viewer and 'data-testid="log-photos"' not in viewer


def test_a_log_without_photos_has_no_photo_section(
    event: Event, members: dict[str, User], client_for: ClientFor
) -> None:
    incident = make_incident(event)
    url = reverse("ops:incident_log", kwargs={"event": event.slug, "pk": incident.pk})
    assert "log-photos" not in client_for(members[Role.DUTY_OFFICER]).get(url).content.decode()
