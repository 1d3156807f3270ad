"""The demo's hall gate opened to its badge holders all day, for scripts that scan at it."""

from __future__ import annotations

import datetime as dt


def open_gate() -> list[str]:
    """Every badge that opens the demo scanner's hall, valid all of today; returns their codes.

    The demo is under way today, but a delegate's hall hours end at 18:00: the scanner's zone is
    opened to its holders all day, so what a script measures or proves does not depend on the
    hour it runs.
    """
    from django.db import transaction
    from django.utils import timezone

    from garrison.accreditation.credentials.services import _issue
    from garrison.accreditation.models import CategoryGrant, Person
    from garrison.checkin.models import Scanner
    from garrison.demo.events import EVENT_SLUG
    from garrison.events.models import Event

    event = Event.objects.get(slug=EVENT_SLUG)
    zone = Scanner.objects.select_related("checkpoint").get().checkpoint.zone_id
    today = timezone.localdate(timezone=event.tzinfo)
    grants = CategoryGrant.objects.filter(category__event=event, zone_id=zone)
    grants.update(
        first_day=today - dt.timedelta(days=1),
        last_day=today + dt.timedelta(days=1),
        daily_start=None,
        daily_end=None,
    )
    categories = grants.values("category_id")
    with transaction.atomic():
        return [
            _issue(event, person).code
            for person in Person.objects.filter(event=event, category__in=categories)
        ]
