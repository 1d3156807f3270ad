"""What accreditation puts in the event's archive (garrison.core.archive): the categories, the
people — by id, category and the dates of their record; names, organisations, positions and
references only when personal data is asked for (``accreditation.personal``), photos never —
and the badges issued (serial, version, validity, revocation; not the signed code, which names
its holder on a scanner). Statistics: people per category, badges issued and revoked (before the purge)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from garrison.accreditation.models import Category, Credential, Person
from garrison.core.archive import Table, contribute, model_table
from garrison.events.models import Event, PurgeRun


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "accreditation/categories",
            Category.objects.filter(event=event),
            ["id", "code", "name", "is_vehicle"],
        ),
        model_table(
            "accreditation/people",
            Person.objects.filter(event=event),
            ["id", "category__code", "full_name", "organisation", "position", "ref", "created"],
        ),
        model_table(
            "accreditation/badges",
            Credential.objects.filter(event=event),
            [
                "serial",
                "version",
                "person_id",
                "zones",
                "valid_from",
                "valid_until",
                "issued_at",
                "revoked_at",
                "revoke_reason",
            ],
        ),
    ]


def accreditation_statistics(event: Event) -> dict[str, Any]:
    badges = Credential.objects.filter(event=event)
    # The purge withdraws every badge still valid: a badge revoked is counted only if that
    # happened before, so the figure is the event's, the same before and after the purge.
    purge = PurgeRun.objects.filter(event=event).order_by("started").first()
    revoked = badges.filter(revoked_at__isnull=False)
    if purge is not None:
        revoked = revoked.filter(revoked_at__lt=purge.started)
    per_category = (
        Person.objects.filter(event=event)
        .values("category__code")
        .annotate(n=Count("pk"))
        .order_by("category__code")
    )
    return {
        "people": Person.objects.filter(event=event).count(),
        "people_by_category": {row["category__code"]: row["n"] for row in per_category},
        "badges": badges.count(),
        "badges_revoked_before_the_purge": revoked.count(),
    }


contribute("accreditation", tables=_tables, statistics=accreditation_statistics)
