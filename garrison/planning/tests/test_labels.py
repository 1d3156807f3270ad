"""The task form never labels "(optional)" a field the task cannot be opened without."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from garrison.accounts.models import User
from garrison.events.models import Event
from garrison.forces.tests.conftest import ClientFor
from garrison.planning.tasks.forms import FOUR_CLEARS

LABEL = re.compile(r'<label for="id_([a-z_]+)">(.*?)</label>', re.S)


def labels(html: str) -> dict[str, str]:
    return {
        name: " ".join(re.sub(r"<[^>]+>", " ", text).split()) for name, text in LABEL.findall(html)
    }


@pytest.mark.parametrize(
    ("language", "optional", "needed"),
    [
        ("en", "(optional)", "(needed to open the task)"),
        ("vi", "(không bắt buộc)", "(cần có để giao nhiệm vụ)"),
    ],
)
def test_the_four_clears_are_not_labelled_optional(
    event: Event, planner: User, client_for: ClientFor, language: str, optional: str, needed: str
) -> None:
    with translation.override(language):
        page = client_for(planner).get(
            reverse("planning:task_create", args=[event.slug]), HTTP_ACCEPT_LANGUAGE=language
        )
    found = labels(page.content.decode())
    assert set(FOUR_CLEARS) <= set(found)
    for name in FOUR_CLEARS:
        assert found[name].endswith(needed) and optional not in found[name], found[name]
    assert optional not in found["title"] and needed not in found["title"]  # required outright
    assert found["phase_id"].endswith(optional)  # truly optional, and still says so
