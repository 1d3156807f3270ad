"""Checking the audit chain end to end (SECURITY.md #12).

Rows are walked in physical insertion order (primary key), not by ``seq``: appends take turns
(``services.record``), so ids grow with ``seq`` and a row that was moved shows up as a ``seq``
out of place. For each row, in this order:

1. **altered** — the row no longer hashes to its stored ``hash``
   (``hash = SHA-256(prev_hash ‖ canonical JSON)``; ``prev_hash`` is inside the hash too);
2. **removed** / **reordered** — its ``seq`` is not the next one: if the expected ``seq`` is
   nowhere in the table it was removed, otherwise rows were moved;
3. **altered** (re-hashed) — its ``prev_hash`` is not the previous row's ``hash``: the previous
   row was changed *and* its hash recomputed (or this row's link was forged the same way). The
   previous row, the earlier of the two, is named.

Only the first problem is reported: everything after it is suspect anyway.

What no chain can show on its own: removing the *last* entries, or rewriting the whole tail
and recomputing every hash after a point, leaves a chain that is consistent. Against that,
operators note the head hash printed by ``audit_verify`` somewhere the database cannot reach
(a signed sitrep, a paper log) and pass it back with ``--expect-head``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _

from garrison.audit.chain import GENESIS, link_hash
from garrison.audit.models import CANONICAL_FIELDS, Entry, canonical_data

Kind = Literal["altered", "removed", "reordered", "head_mismatch"]

# The columns the walk reads: everything the hash covers, and the links themselves.
ROW_FIELDS: tuple[str, ...] = ("id", "prev_hash", "hash", *CANONICAL_FIELDS)
# Shortest head prefix ``--expect-head`` accepts: 48 bits is far beyond forging by trial.
MIN_HEAD_PREFIX = 12
HEAD_PREFIX = 16


@dataclass(frozen=True)
class Problem:
    kind: Kind
    seq: int  # the seq of the entry named (for "removed": the missing seq)
    entry_id: int | None  # the row named (for "removed": the row found in the missing one's place)
    found_seq: int | None = None  # "removed"/"reordered": the seq found where ``seq`` was due
    next_seq: int | None = None  # "altered" by re-hashing: the entry whose link exposed it
    next_id: int | None = None
    expected_head: str = ""  # "head_mismatch"

    def describe(self) -> str:
        """One line for people; translated when a language is active (commands use English)."""
        params: dict[str, Any] = {
            "seq": self.seq,
            "id": self.entry_id,
            "found": self.found_seq,
            "next_seq": self.next_seq,
            "next_id": self.next_id,
            "expected": self.expected_head[:HEAD_PREFIX],
        }
        if self.kind == "altered" and self.next_seq is None:
            text = _(
                "altered: entry seq %(seq)s (id %(id)s) — its content no longer matches its hash"
            )
        elif self.kind == "altered":
            text = _(
                "altered: entry seq %(seq)s (id %(id)s) was changed and its hash recomputed — "
                "entry seq %(next_seq)s (id %(next_id)s) links to a different hash"
            )
        elif self.kind == "removed":
            text = _("removed: entry seq %(seq)s is missing before seq %(found)s (id %(id)s)")
        elif self.kind == "reordered":
            text = _(
                "reordered: entry seq %(found)s (id %(id)s) is stored where seq %(seq)s was due"
            )
        else:
            text = _(
                "head mismatch: the chain ends at seq %(seq)s, not at the expected head "
                "%(expected)s — entries were removed from the end, or the chain was rewritten"
            )
        return text % params


@dataclass(frozen=True)
class VerifyResult:
    count: int  # rows checked (all of them when the chain is intact)
    head_seq: int  # 0 for an empty chain
    head_hash: str  # GENESIS for an empty chain
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def head_prefix(self) -> str:
        return self.head_hash[:HEAD_PREFIX]


def verify_rows(
    rows: Iterable[Mapping[str, Any]],
    seq_exists: Callable[[int], bool],
    *,
    expect_head: str | None = None,
) -> VerifyResult:
    """Walk ``rows`` (dicts of ``ROW_FIELDS``, in insertion order) and name the first problem.

    ``seq_exists`` answers whether a given ``seq`` is stored anywhere; it is asked only when a
    ``seq`` is out of place, to tell a removed entry from a moved one.
    """
    prev_hash, prev_seq, prev_id = GENESIS, 0, None
    count = 0
    for row in rows:
        seq: int = row["seq"]
        entry_id: int = row["id"]
        stored: str = row["hash"]
        problem: Problem | None = None
        if link_hash(row["prev_hash"], canonical_data(row)) != stored:
            problem = Problem("altered", seq, entry_id)
        elif seq != prev_seq + 1:
            due = prev_seq + 1
            kind: Kind = "reordered" if seq < due or seq_exists(due) else "removed"
            problem = Problem(kind, due, entry_id, found_seq=seq)
        elif row["prev_hash"] != prev_hash:
            if prev_id is None:  # the first entry must link to the genesis hash
                problem = Problem("altered", seq, entry_id)
            else:
                problem = Problem("altered", prev_seq, prev_id, next_seq=seq, next_id=entry_id)
        if problem is not None:
            return VerifyResult(count, prev_seq, prev_hash, problem)
        prev_hash, prev_seq, prev_id = stored, seq, entry_id
        count += 1
    if expect_head and not prev_hash.startswith(expect_head.strip().lower()):
        problem = Problem("head_mismatch", prev_seq, prev_id, expected_head=expect_head)
        return VerifyResult(count, prev_seq, prev_hash, problem)
    return VerifyResult(count, prev_seq, prev_hash)


def valid_head(value: str) -> bool:
    value = value.strip().lower()
    return MIN_HEAD_PREFIX <= len(value) <= 64 and all(c in "0123456789abcdef" for c in value)


def verify_chain(
    *, expect_head: str | None = None, chunk_size: int = 2000, using: str = "default"
) -> VerifyResult:
    """Verify the whole chain in the database ``using``; reads rows as dicts, in chunks.

    A global check on purpose: every event's entries share one chain.
    """
    if expect_head is not None and not valid_head(expect_head):
        raise ValueError(f"expected head must be {MIN_HEAD_PREFIX} to 64 hexadecimal characters")
    rows = (
        Entry.objects.using(using)
        .order_by("id")
        .values(*ROW_FIELDS)
        .iterator(chunk_size=chunk_size)
    )

    def seq_exists(seq: int) -> bool:
        return Entry.objects.using(using).filter(seq=seq).exists()

    return verify_rows(rows, seq_exists, expect_head=expect_head)
