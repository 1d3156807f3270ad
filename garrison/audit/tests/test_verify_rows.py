"""The verifier's logic on in-memory chains: any single tampering is found and named."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from garrison.audit.chain import GENESIS, link_hash
from garrison.audit.models import canonical_data
from garrison.audit.verify import Problem, verify_rows

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def make_chain(n: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        row: dict[str, Any] = {
            "id": seq * 10,  # ids need not be contiguous, only increasing
            "seq": seq,
            "created": T0 + dt.timedelta(seconds=seq),
            "event_id": 1,
            "actor_user_id": 7,
            "actor_device_id": None,
            "actor_label": "commander",
            "action": "events.zone.updated",
            "object_type": "events.zone",
            "object_id": str(seq),
            "object_repr": f"Zone {seq}",
            "before": {"capacity": seq},
            "after": {"capacity": seq + 1},
            "prev_hash": prev,
        }
        row["hash"] = prev = link_hash(prev, canonical_data(row))
        rows.append(row)
    return rows


def check(rows: list[dict[str, Any]], expect_head: str | None = None) -> Problem | None:
    present = {row["seq"] for row in rows}
    return verify_rows(rows, present.__contains__, expect_head=expect_head).problem


def test_an_untouched_chain_has_no_problem() -> None:
    rows = make_chain(6)
    result = verify_rows(rows, lambda seq: True)
    assert result.ok and result.count == 6 and result.head_seq == 6
    assert result.head_hash == rows[-1]["hash"]


def test_an_empty_chain_has_no_problem_and_the_genesis_head() -> None:
    result = verify_rows([], lambda seq: False)
    assert result.ok and result.count == 0 and result.head_hash == GENESIS


EDITABLE: dict[str, Callable[[Any], Any]] = {
    "seq": lambda v: v + 100,
    "created": lambda v: v + dt.timedelta(microseconds=1),
    "event_id": lambda v: 2,
    "actor_user_id": lambda v: None,
    "actor_device_id": lambda v: 3,
    "actor_label": lambda v: v + "!",
    "action": lambda v: "events.zone.deleted",
    "object_type": lambda v: "events.site",
    "object_id": lambda v: v + "0",
    "object_repr": lambda v: "",
    "before": lambda v: None,
    "after": lambda v: {"capacity": 0},
    "prev_hash": lambda v: "f" * 64,
    "hash": lambda v: "0" * 64,
}


@given(n=st.integers(2, 12), data=st.data(), field=st.sampled_from(sorted(EDITABLE)))
def test_any_edited_field_is_named_as_altered(n: int, data: st.DataObject, field: str) -> None:
    rows = make_chain(n)
    k = data.draw(st.integers(0, n - 1))
    rows[k][field] = EDITABLE[field](rows[k][field])
    assert check(rows) == Problem("altered", rows[k]["seq"], rows[k]["id"])


@given(n=st.integers(2, 12), data=st.data())
def test_an_edit_with_its_hash_recomputed_names_the_edited_entry(
    n: int, data: st.DataObject
) -> None:
    rows = make_chain(n)
    k = data.draw(st.integers(0, n - 2))  # not the last: a rewritten head needs --expect-head
    rows[k]["actor_label"] = "forger"
    rows[k]["hash"] = link_hash(rows[k]["prev_hash"], canonical_data(rows[k]))
    problem = check(rows)
    assert problem == Problem(
        "altered", k + 1, rows[k]["id"], next_seq=k + 2, next_id=rows[k + 1]["id"]
    )


@given(n=st.integers(2, 12), data=st.data())
def test_a_removed_entry_is_named_by_the_gap(n: int, data: st.DataObject) -> None:
    rows = make_chain(n)
    k = data.draw(st.integers(0, n - 2))
    del rows[k]
    assert check(rows) == Problem("removed", k + 1, rows[k]["id"], found_seq=k + 2)


@given(n=st.integers(3, 12), data=st.data())
def test_a_moved_entry_is_named_as_reordered(n: int, data: st.DataObject) -> None:
    rows = make_chain(n)
    i = data.draw(st.integers(0, n - 2))
    j = data.draw(st.integers(i + 1, n - 1))
    rows[i], rows[j] = rows[j], rows[i]
    assert check(rows) == Problem("reordered", i + 1, rows[i]["id"], found_seq=j + 1)


def test_removing_the_tail_is_caught_only_by_the_expected_head() -> None:
    rows = make_chain(5)
    head = rows[-1]["hash"]
    assert check(rows[:-1]) is None
    problem = check(rows[:-1], expect_head=head[:12])
    assert problem is not None and problem.kind == "head_mismatch" and problem.seq == 4
    assert check(rows, expect_head=head[:12]) is None


@given(n=st.integers(1, 12), data=st.data())
def test_a_noted_head_stays_good_while_the_chain_grows_and_only_then(
    n: int, data: st.DataObject
) -> None:
    rows = make_chain(n + 5)
    k = data.draw(st.integers(1, n))  # the seq of the noted head
    head = rows[k - 1]["hash"]
    for expect in (f"{k}:{head[:12]}", head[:12], head.upper()):
        assert check(rows, expect_head=expect) is None  # only appended to since
        assert check(rows[: k - 1], expect_head=expect) is not None  # cut before it
    problem = check(rows[: k - 1], expect_head=f"{k}:{head}")
    assert problem == Problem("head_mismatch", k - 1, None, expected_head=head, noted_seq=k)
    # The noted entry rewritten (re-hashed, and every entry after it too): named at its seq.
    forged = make_chain(n + 5)
    forged[k - 1]["actor_label"] = "someone else"
    prev = forged[k - 2]["hash"] if k > 1 else GENESIS
    for row in forged[k - 1 :]:
        row["prev_hash"] = prev
        row["hash"] = prev = link_hash(prev, canonical_data(row))
    assert check(forged) is None
    problem = check(forged, expect_head=f"{k}:{head}")
    assert problem == Problem(
        "head_mismatch", k, forged[k - 1]["id"], expected_head=head, noted_seq=k
    )


def test_a_first_entry_not_linked_to_genesis_is_altered() -> None:
    rows = make_chain(3)
    rows[0]["prev_hash"] = "1" * 64
    rows[0]["hash"] = link_hash(rows[0]["prev_hash"], canonical_data(rows[0]))
    assert check(rows) == Problem("altered", 1, rows[0]["id"])


def test_descriptions_name_kind_seq_and_id() -> None:
    assert Problem("altered", 3, 30).describe().startswith("altered: entry seq 3 (id 30)")
    assert Problem("removed", 3, 40, found_seq=4).describe() == (
        "removed: entry seq 3 is missing before seq 4 (id 40)"
    )
    assert Problem("reordered", 2, 20, found_seq=5).describe() == (
        "reordered: entry seq 5 (id 20) is stored where seq 2 was due"
    )
