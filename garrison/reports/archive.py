"""What reports put in the event's archive (garrison.core.archive): the action plans (period,
objectives) and every published version's record — version, language, pages, the SHA-256 and
the event key's signature that let a paper copy be checked (``garrison verify_plan``) — and the
signed PDFs themselves while they are kept.

A packet lists the members on each assignment by name (ICS 204), so its PDF goes into an archive
only with personal data; the purge erases the bytes with the members' names
(``reports.personal``), after which the version's record is what remains. Situation reports,
when this app holds them, join here as one more table and their documents.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from garrison.core.archive import Document, Table, contribute, model_table
from garrison.events.models import Event
from garrison.reports.models import ActionPlan, PublishedPlan


def _tables(event: Event) -> list[Table]:
    return [
        model_table(
            "reports/action_plans",
            ActionPlan.objects.filter(event=event),
            ["id", "period_starts", "period_ends", "objectives"],
        ),
        model_table(
            "reports/published_plans",
            PublishedPlan.objects.filter(event=event),
            [
                "id",
                "plan_id",
                "version",
                "language",
                "pages",
                "sha256",
                "key_id",
                "signature",
                "published_by_id",
                "published_at",
            ],
        ),
    ]


def _stored(pk: int) -> Callable[[], bytes]:
    def build() -> bytes:
        return bytes(PublishedPlan.objects.values_list("pdf", flat=True).get(pk=pk))

    return build


def _documents(event: Event) -> list[Document]:
    kept = (
        PublishedPlan.objects.filter(event=event)
        .exclude(pdf=b"")
        .order_by("plan__period_starts", "version", "language")
        .values_list("pk", "plan__period_starts", "version", "language")
    )
    return [
        Document(
            f"reports/action-plan-{starts:%Y%m%d-%H%M}-v{version}-{language}.pdf",
            _stored(pk),
            personal=True,
        )
        for pk, starts, version, language in kept
    ]


def plan_statistics(event: Event) -> dict[str, Any]:
    versions = PublishedPlan.objects.filter(event=event)
    return {
        "action_plans": ActionPlan.objects.filter(event=event).count(),
        "published_versions": versions.count(),
        "plans_published": versions.values("plan").distinct().count(),
    }


contribute("reports", tables=_tables, documents=_documents, statistics=plan_statistics)
