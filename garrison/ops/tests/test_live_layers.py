"""The live picture carries the layers other apps draw: their scripts and their JSON addresses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from garrison.accounts.models import Role
from garrison.conftest import make_member, verified_client
from garrison.events.models import Event

pytestmark = pytest.mark.django_db


def test_the_live_picture_loads_the_patrol_crowd_and_team_layers(event: Event) -> None:
    client = verified_client(make_member(event, Role.VIEWER))
    page = client.get(reverse("ops:live", kwargs={"event": event.slug})).content.decode()
    for app in ("patrols", "sensors", "coverage"):
        assert f"{app}/layer" in page  # the script that registers the layer
        url = reverse(f"{app}:layer", kwargs={"event": event.slug})
        assert url in page
        assert client.get(url).status_code == 200
