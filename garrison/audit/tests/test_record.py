"""Appending to the chain: inside a transaction, one at a time, and stable through the DB."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from garrison.audit.chain import GENESIS
from garrison.audit.models import Entry
from garrison.audit.services import SYSTEM, Actor, jsonable, record
from garrison.audit.verify import verify_chain


@pytest.mark.usefixtures("audit_transactional_db")
def test_record_refuses_to_run_outside_a_transaction() -> None:
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        record(SYSTEM, "test.thing.created")
    assert not Entry.objects.exists()


def test_entries_link_from_genesis(chain: list[Entry]) -> None:
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))
    assert all(Entry.objects.get(pk=e.pk).content_matches_hash() for e in chain)


def test_a_rolled_back_entry_leaves_no_gap(db: Any) -> None:
    with transaction.atomic():
        record(SYSTEM, "test.kept")
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        record(SYSTEM, "test.rolled_back")
        1 / 0  # noqa: B018 - the service failing after it wrote its audit entry
    with transaction.atomic():
        last = record(SYSTEM, "test.kept")
    assert last.seq == 2
    assert verify_chain().ok


THREADS, PER_THREAD = 2, 20


@pytest.mark.usefixtures("audit_transactional_db")
def test_concurrent_appends_keep_one_valid_chain() -> None:
    # SQLite: IMMEDIATE transactions and the busy timeout make writers queue. PostgreSQL: the
    # advisory lock in record() does. Without them two writers would claim the same seq.
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(PER_THREAD):
                with transaction.atomic():
                    record(Actor(label=f"writer-{n}"), "test.concurrent", object_id=str(i))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(Entry.objects.order_by("id").values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * PER_THREAD + 1))
    result = verify_chain()
    assert result.ok and result.count == THREADS * PER_THREAD


def test_jsonable_normalises_what_databases_would_change() -> None:
    assert jsonable({"a": 1e16, "b": -0.0, "c": 2.5, "d": 1.0}) == {
        "a": 10**16,
        "b": 0,
        "c": 2.5,
        "d": 1,
    }
    assert isinstance(jsonable({"a": 1e16})["a"], int)
    assert jsonable({"x": float("nan"), "y": float("inf")}) == {"x": "nan", "y": "inf"}
    assert jsonable({"k\x00": ["a\x00b", "\ud800"]}) == {"k\ufffd": ["a\ufffdb", "\ufffd"]}
    assert jsonable({"when": dt.date(2026, 12, 1)}) == {"when": "2026-12-01"}


JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
SUMMARIES = st.none() | st.dictionaries(st.text(max_size=10), JSON_VALUES, max_size=6)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(before=SUMMARIES, after=SUMMARIES, label=st.text(max_size=30))
def test_any_json_summary_round_trips_and_verifies(
    db: Any, before: dict[str, Any] | None, after: dict[str, Any] | None, label: str
) -> None:
    with transaction.atomic():
        # Each example rolls back, so every one starts from an empty chain.
        entry = record(Actor(label=label), "test.fuzz", before=before, after=after)
        stored = Entry.objects.get(pk=entry.pk)
        assert stored.before == (jsonable(before) if before is not None else None)
        assert stored.after == (jsonable(after) if after is not None else None)
        if "\\u0000" not in json.dumps([before, after]):
            # Normalising changes nothing JSON can tell apart, except NUL and lone surrogates.
            assert stored.before == before and stored.after == after
        assert stored.content_matches_hash()
        assert verify_chain().ok
        transaction.set_rollback(True)
