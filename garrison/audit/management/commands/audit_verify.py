"""``garrison audit_verify``: recompute the whole audit chain and name the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from garrison.audit.verify import MIN_HEAD_PREFIX, valid_head, verify_chain


class Command(BaseCommand):
    # An operator's command on the database alone: the system checks would import every view
    # (and the solver, routing and PDF libraries behind them) first, over a second for nothing.
    requires_system_checks: list[str] = []
    help = (
        "Verify the append-only audit chain: recompute every entry's hash in insertion order, "
        "check that seq runs 1, 2, 3… without gaps and that each entry links to the one before. "
        "Exits non-zero naming the first altered, removed or reordered entry. The chain is global "
        "(all events share it). Removing or rewriting the LAST entries cannot be seen from the "
        "chain alone: note the printed head (SEQ:HASH) outside the database and pass it back "
        "with --expect-head, which checks that the chain still holds that entry and was only "
        "appended to since."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="[SEQ:]HASH",
            help=(
                "fail unless the entry noted earlier from this command's output (its seq and "
                f"the first {MIN_HEAD_PREFIX}-64 hex characters of its hash) is still in the "
                "chain: entries appended since are fine, a removed or rewritten tail is not"
            ),
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=2000,
            help="rows fetched per round-trip (default 2000)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    # English output whatever the site language: operators and scripts read it.
    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        expect_head: str | None = options["expect_head"]
        if expect_head is not None and not valid_head(expect_head):
            raise CommandError(
                f"--expect-head must be {MIN_HEAD_PREFIX} to 64 hexadecimal characters, "
                "optionally after the entry's seq and a colon (SEQ:HASH)"
            )
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        result = verify_chain(
            expect_head=expect_head, chunk_size=options["chunk_size"], using=options["database"]
        )
        if result.problem is not None:
            raise CommandError(
                f"audit chain broken: {result.problem.describe()} "
                f"({result.count} entries checked before it)"
            )
        self.stdout.write(f"audit chain intact: {result.count} entries, head {result.head_prefix}")
        self.stdout.write(f"head seq {result.head_seq}: {result.head_hash}")
        if result.noted_seq is not None:
            appended = result.head_seq - result.noted_seq
            self.stdout.write(
                f"the noted head (seq {result.noted_seq}) is still in the chain; "
                f"{appended} entries appended since"
            )
        self.stdout.write(f"to check later: --expect-head {result.head_seq}:{result.head_prefix}")
