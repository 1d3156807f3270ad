"""``garrison purge_personal_data EVENT [--dry-run]``: purge the event's personal data now.

What, and from when, is the event's retention policy (``events.retention``); the work is
``events.services.purge``. Interrupted, it is run again and continues; run after a finished purge, it
finds nothing left and says so.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from garrison.audit.services import SYSTEM, Actor
from garrison.core.errors import DomainError
from garrison.events.models import Event, PurgeRun
from garrison.events.retention import policy_for
from garrison.events.services import purge


class Command(BaseCommand):
    # An operator's command on the database alone: the system checks would import every view
    # (and the solver, routing and PDF libraries behind them) first, over a second for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Purge the event's personal data as its retention policy says: the kinds it names, in "
        "small transactions while Garrison keeps running, ending with one purge certificate in "
        "the audit chain. Refused before the policy's purge date unless --early. Resumable: run "
        "it again after an interruption. --dry-run prints what would be purged, per kind, and "
        "changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's short name (slug)")
        parser.add_argument("--dry-run", action="store_true", help="count only; change nothing")
        parser.add_argument(
            "--early", action="store_true", help="purge now, before the policy's purge date"
        )
        parser.add_argument(
            "--user", help="the operator account running it, named in the certificate"
        )
        parser.add_argument("--batch", type=int, default=purge.BATCH, help="rows per transaction")

    # English output whatever the site language: operators and scripts read it.
    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with the short name {options['event']!r}.")
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        policy = policy_for(event)
        due = purge.is_due(event, policy)
        self.stdout.write(
            f"{event.slug}: purge date {policy.purge_on.isoformat()} "
            f"({'due' if due else 'not due yet'}); kinds: {', '.join(policy.kinds) or 'none'}"
        )
        if options["dry_run"]:
            self.stdout.write("dry run: nothing is changed. Would purge, per kind:")
            self._print(purge.pending_counts(event))
            return
        actor = self._actor(options["user"])
        try:
            run = purge.run_purge(event, actor, early=options["early"], batch=options["batch"])
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        if run is None:
            self.stdout.write("nothing left to purge: the event's personal data was purged before")
            return
        self._report(run)

    def _actor(self, username: str | None) -> Actor:
        if not username:
            return SYSTEM
        from garrison.accounts.models import User

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        return Actor.of_user(user)

    def _print(self, counts: dict[str, dict[str, int]]) -> None:
        for kind, steps in counts.items():
            total = sum(steps.values())
            detail = ", ".join(f"{key} {n}" for key, n in steps.items())
            self.stdout.write(f"  {kind}: {total} ({detail})")

    def _report(self, run: PurgeRun) -> None:
        certificate = purge.certificate(run)
        self.stdout.write(
            f"purged {certificate['total']} rows in {run.batches} transactions "
            f"(longest {run.longest_ms} ms); certificate: audit entry #{run.certificate_seq}"
        )
        self._print(certificate["purged"])
        backups = certificate["backups_before"]
        if backups:
            self.stdout.write(
                "backups taken before the purge still hold this data; destroy them "
                "(see README, Backups):"
            )
            for backup in backups:
                self.stdout.write(f"  {backup['taken']}  {backup['file']}")
        else:
            self.stdout.write("no backup taken before the purge is known on this machine")
