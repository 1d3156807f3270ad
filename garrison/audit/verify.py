"""Checking the audit chain end to end (docs/security.md #12).

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
operators note the head printed by ``audit_verify`` (``SEQ:HASH``) somewhere the database cannot
reach (a signed sitrep, a paper log) and pass it back with ``--expect-head``. The check proves
that head is still an *ancestor* of the current one — the chain was only appended to since: the
entry with that hash is still in the chain, at its seq, and the walk above verified every link
from it to the current head. Honest writes after the head was noted pass; a tail removed past it
or rewritten from it (or before it) fails, named.
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
    expected_head: str = ""  # "head_mismatch": the noted head's hash (prefix)
    noted_seq: int | None = None  # "head_mismatch": the noted head's seq, when given

    def describe(self) -> str:
        """One line for people; translated when a language is active (commands use English)."""
        params: dict[str, Any] = {
            "seq": self.seq,
            "id": self.entry_id,
            "found": self.found_seq,
            "next_seq": self.next_seq,
            "next_id": self.next_id,
            "expected": self.expected_head[:HEAD_PREFIX],
            "noted": self.noted_seq,
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
        elif self.noted_seq is None:
            text = _(
                "head mismatch: the chain ends at seq %(seq)s and no entry in it has the noted "
                "head %(expected)s — entries were removed from the end, or the chain was rewritten"
            )
        elif self.entry_id is None:
            text = _(
                "head mismatch: the chain ends at seq %(seq)s, before the noted head at seq "
                "%(noted)s (%(expected)s) — entries were removed from the end"
            )
        else:
            text = _(
                "head mismatch: entry seq %(seq)s (id %(id)s) is no longer the noted head "
                "%(expected)s — the chain was rewritten from there or before"
            )
        return text % params


@dataclass(frozen=True)
class VerifyResult:
    count: int  # rows checked (all of them when the chain is intact)
    head_seq: int  # 0 for an empty chain
    head_hash: str  # GENESIS for an empty chain
    problem: Problem | None = None
    noted_seq: int | None = None  # where the expected head was found, if one was given

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
    ``seq`` is out of place, to tell a removed entry from a moved one. ``expect_head``
    (``[SEQ:]HASH``, see ``parse_head``) is a head noted earlier: it must still be in the chain.
    """
    noted_seq, noted_hash = parse_head(expect_head) if expect_head else (None, "")
    # The noted head as found in the walk: (seq, id, hash) of its entry, or of the entry now at
    # its seq when one was given.
    found: tuple[int, int, str] | None = None
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
        if (noted_hash and found is None) and (
            seq == noted_seq or (noted_seq is None and stored.startswith(noted_hash))
        ):
            found = (seq, entry_id, stored)
        prev_hash, prev_seq, prev_id = stored, seq, entry_id
        count += 1
    if noted_hash:
        problem = _head_problem(noted_seq, noted_hash, found, prev_seq)
        if problem is not None:
            return VerifyResult(count, prev_seq, prev_hash, problem)
        return VerifyResult(count, prev_seq, prev_hash, noted_seq=found[0] if found else None)
    return VerifyResult(count, prev_seq, prev_hash)


def _head_problem(
    noted_seq: int | None, noted_hash: str, found: tuple[int, int, str] | None, end_seq: int
) -> Problem | None:
    """Whether the noted head is an ancestor of the current head; if not, what happened.

    The walk has verified every link and every seq up to the current head, so the noted entry
    being there — with its hash, at its seq — is all that is left to prove. (Its hash covers
    its seq and its link to the entry before it, so it cannot be found anywhere else.)
    """
    if found is not None and found[2].startswith(noted_hash):
        return None
    if found is None:  # past the end of the chain, or (no seq given) nowhere in it
        return Problem(
            "head_mismatch", end_seq, None, expected_head=noted_hash, noted_seq=noted_seq
        )
    seq, entry_id, _hash = found  # the entry now at the noted seq is another one
    return Problem("head_mismatch", seq, entry_id, expected_head=noted_hash, noted_seq=noted_seq)


def parse_head(value: str) -> tuple[int | None, str]:
    """``SEQ:HASH`` (as ``audit_verify`` prints it) or ``HASH``: the seq, if given, and the
    lower-case hash prefix. Raises ValueError when it is neither."""
    value = value.strip().lower()
    seq_text, _, hash_text = value.rpartition(":")
    seq = None
    if seq_text:
        if not seq_text.isdigit() or int(seq_text) < 1:
            raise ValueError("the seq of the expected head must be a positive number")
        seq = int(seq_text)
    if not (MIN_HEAD_PREFIX <= len(hash_text) <= 64) or any(
        c not in "0123456789abcdef" for c in hash_text
    ):
        raise ValueError(
            f"the expected head's hash must be {MIN_HEAD_PREFIX} to 64 hexadecimal characters"
        )
    return seq, hash_text


def valid_head(value: str) -> bool:
    try:
        parse_head(value)
    except ValueError:
        return False
    return True


def verify_chain(
    *, expect_head: str | None = None, chunk_size: int = 2000, using: str = "default"
) -> VerifyResult:
    """Verify the whole chain in the database ``using``; reads rows as dicts, in chunks.

    A global check on purpose: every event's entries share one chain.
    """
    if expect_head is not None:
        parse_head(expect_head)  # raises ValueError before the walk
    rows = (
        Entry.objects.using(using)
        .order_by("id")
        .values(*ROW_FIELDS)
        .iterator(chunk_size=chunk_size)
    )

    def seq_exists(seq: int) -> bool:
        return Entry.objects.using(using).filter(seq=seq).exists()

    return verify_rows(rows, seq_exists, expect_head=expect_head)
