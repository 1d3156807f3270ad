"""The event's archive: a zip of its record — every table the apps contribute as JSON and CSV,
their documents (the signed action plans while kept, the drills' after-action reports), and
the statistics as JSON and PDF — collected from the apps' ``archive`` modules
(``garrison.core.archive``), so this layer names no domain app.

Who: after the purge, any commander of the event, or of an event above it reading down; before
the purge, only the event's own commander. Personal data (the columns the apps declare personal
or free text, the documents that name people) is in it only when asked for, by the event's own
commander, and each export is an audit entry that says whether it was — and nothing about
anyone.

It is streamed, not built on the task queue: the zip is written as it is sent (or into the
command's file), so no copy of an archive — one with people in it least of all — is left on the
server for the purge to find, its bytes start flowing at once (no proxy times out on a large
event), and it reads each table in chunks (memory stays flat). The price is a web thread busy
for the length of the download, once or twice per event.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import archive
from garrison.core.errors import DomainError
from garrison.events.models import Event, Phase, PurgeRun, Site, Zone
from garrison.events.roles import ARCHIVE_EXPORTERS
from garrison.events.services.purge import last_run

EXPORTED = "events.archive.exported"


def purge_of(event: Event) -> PurgeRun | None:
    """The event's finished purge, if its personal data has been purged."""
    run = last_run(event)
    return run if run is not None and run.state == PurgeRun.State.DONE else None


def authorise(membership: Membership, *, with_personal: bool) -> bool:
    """May this member export the event's archive (with personal data)? Whether it is purged."""
    own = membership.inherited_from_id is None
    role = membership.role if own else membership.read_role
    if role not in ARCHIVE_EXPORTERS:
        raise DomainError("forbidden", _("Only a commander may export the archive."), status=403)
    purged = purge_of(membership.event) is not None
    if not purged and not own:
        raise DomainError(
            "archive_before_purge",
            _("Until its personal data is purged, only the event's own commander may export it."),
            status=403,
        )
    if with_personal and not own:
        raise DomainError(
            "archive_personal",
            _("Only the event's own commander may export its personal data."),
            status=403,
        )
    return purged


def log_export(actor: Actor, event: Event, *, with_personal: bool) -> None:
    """The audit entry of one export: who, when, whether with personal data. Nothing else."""
    with transaction.atomic():
        record(
            actor,
            EXPORTED,
            event,
            event_id=event.pk,
            after={"with_personal": with_personal, "purged": purge_of(event) is not None},
        )


# --- What the events app holds -----------------------------------------------------------------


def _event_tables(event: Event) -> list[archive.Table]:
    return [
        archive.model_table(
            "events/event",
            Event.objects.filter(pk=event.pk),
            ["slug", "name", "description", "starts_on", "ends_on", "time_zone", "parent_id"],
        ),
        archive.model_table(
            "events/phases",
            Phase.objects.filter(event=event),
            ["id", "kind", "name", "starts_at", "ends_at"],
        ),
        archive.model_table(
            "events/sites",
            Site.objects.filter(event=event),
            ["id", "name", "kind", "address", "lat", "lon", "polygon"],
        ),
        archive.model_table(
            "events/zones",
            Zone.objects.filter(event=event),
            ["id", "site_id", "code", "name", "access_level", "capacity", "polygon"],
        ),
        archive.model_table(
            "events/purges",
            PurgeRun.objects.filter(event=event),
            ["id", "state", "policy", "counts", "started", "finished", "certificate_seq"],
        ),
    ]


def _event_statistics(event: Event) -> dict[str, Any]:
    return {
        "sites": Site.objects.filter(event=event).count(),
        "zones": Zone.objects.filter(event=event).count(),
        "phases": Phase.objects.filter(event=event).count(),
    }


archive.contribute("events", tables=_event_tables, statistics=_event_statistics)


# --- Writing -----------------------------------------------------------------------------------


def statistics(event: Event) -> dict[str, Any]:
    """Every app's statistics of the event, by app: what ``statistics.json`` holds."""
    return {
        section.app: section.statistics(event)
        for section in archive.sections()
        if section.statistics is not None
    }


def _flat(prefix: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flat(f"{prefix}.{key}" if prefix else str(key), item)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _flat(f"{prefix}[{n}]", item)
    else:
        yield prefix, "—" if value is None else str(archive.plain(value))


def statistics_pdf(event: Event, figures: dict[str, Any]) -> bytes:
    # fpdf and its font tables load only when an archive is written.
    from garrison.core.archive_pdf import PdfSection, tables_pdf

    sections = [
        PdfSection(
            app, header=(_("Figure"), _("Value")), rows=list(_flat("", data)), widths=(130, 50)
        )
        for app, data in figures.items()
    ]
    subtitle = _("%(event)s, %(first)s – %(last)s") % {
        "event": event.name,
        "first": event.starts_on.isoformat(),
        "last": event.ends_on.isoformat(),
    }
    return tables_pdf(_("Statistics"), subtitle, sections, timezone.now())


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, default=archive.plain).encode()


def entries(event: Event, *, with_personal: bool) -> Iterator[tuple[str, Iterable[bytes]]]:
    """The archive's files, in order, the manifest last (it counts what went before)."""
    written = archive.Written()
    withheld: dict[str, list[str]] = {}
    for section in archive.sections():
        for table in section.tables(event) if section.tables else []:
            counted: dict[str, Any] = {}
            yield f"json/{table.name}.json", archive.table_json(table, with_personal, counted)
            yield f"csv/{table.name}.csv", archive.table_csv(table, with_personal)
            written.tables[table.name] = counted
            if not with_personal and table.personal:
                withheld[table.name] = sorted(table.personal)
        for document in section.documents(event) if section.documents else []:
            if document.personal and not with_personal:
                continue
            written.documents.append(document.name)
            yield f"documents/{document.name}", [document.build()]
    figures = statistics(event)
    yield "statistics.json", [_json(figures)]
    yield "statistics.pdf", [statistics_pdf(event, figures)]
    run = purge_of(event)
    manifest = {
        "event": event.slug,
        "name": event.name,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "exported_at": timezone.now(),
        "with_personal_data": with_personal,
        "purged": run is not None,
        "purge_certificate_seq": run.certificate_seq if run else None,
        "tables": {name: n.get("rows", 0) for name, n in written.tables.items()},
        "withheld_columns": withheld,
        "documents": written.documents,
    }
    yield "manifest.json", [_json(manifest)]


def stream(event: Event, *, with_personal: bool) -> Iterator[bytes]:
    """The archive's zip, piece by piece (``core.archive.stream_zip``)."""
    return archive.stream_zip(entries(event, with_personal=with_personal))


def file_name(event: Event, *, with_personal: bool) -> str:
    day = timezone.localdate(timezone=event.tzinfo).isoformat()
    return f"{event.slug}-archive-{day}{'-personal' if with_personal else ''}.zip"
