"""``garrison audit_verify`` names the first altered, removed or reordered entry (docs/security.md #12).

Each test tampers behind the service's back: the ``untriggered`` fixture drops the triggers
inside the test's transaction, which rolls back afterwards.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from garrison.audit.chain import GENESIS, link_hash
from garrison.audit.models import Entry
from garrison.audit.tests.conftest import append
from garrison.audit.verify import verify_chain


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as err:
        run(*args)
    return str(err.value)


def swap_contents(a: Entry, b: Entry) -> None:
    """Give row ``a`` everything of row ``b`` and vice versa, except the primary key."""
    fields = [f.name for f in Entry._meta.concrete_fields if not f.primary_key]
    values_a = Entry.objects.filter(pk=a.pk).values(*fields).get()
    values_b = Entry.objects.filter(pk=b.pk).values(*fields).get()
    Entry.objects.filter(pk=a.pk).update(seq=-a.seq)  # seq is unique: step aside first
    Entry.objects.filter(pk=b.pk).update(**values_a)
    Entry.objects.filter(pk=a.pk).update(**values_b)


def test_intact_chain_passes(chain: list[Entry]) -> None:
    output = run()
    assert f"audit chain intact: 5 entries, head {chain[-1].hash[:16]}" in output
    assert chain[-1].hash in output


def test_empty_chain_passes(db: Any) -> None:
    assert "audit chain intact: 0 entries, head 0000000000000000" in run()


def test_it_names_an_entry_whose_content_was_edited(chain: list[Entry], untriggered: None) -> None:
    Entry.objects.filter(pk=chain[2].pk).update(after={"n": 1000, "name": "Thing ✓"})
    message = broken()
    assert f"altered: entry seq 3 (id {chain[2].pk})" in message
    assert "no longer matches its hash" in message


def test_it_names_an_entry_whose_link_was_edited(chain: list[Entry], untriggered: None) -> None:
    Entry.objects.filter(pk=chain[1].pk).update(prev_hash=GENESIS)
    assert f"altered: entry seq 2 (id {chain[1].pk})" in broken()


def test_it_names_an_entry_edited_and_rehashed(chain: list[Entry], untriggered: None) -> None:
    forged = Entry.objects.get(pk=chain[2].pk)
    forged.actor_label = "someone else"
    forged.hash = link_hash(forged.prev_hash, forged.canonical())
    forged.save()
    message = broken()
    assert f"altered: entry seq 3 (id {chain[2].pk}) was changed and its hash recomputed" in message
    assert f"entry seq 4 (id {chain[3].pk})" in message


def test_it_names_the_gap_left_by_a_removed_entry(chain: list[Entry], untriggered: None) -> None:
    Entry.objects.filter(pk=chain[2].pk).delete()
    message = broken()
    assert f"removed: entry seq 3 is missing before seq 4 (id {chain[3].pk})" in message
    assert "(2 entries checked before it)" in message


def test_it_notices_the_first_entry_removed(chain: list[Entry], untriggered: None) -> None:
    Entry.objects.filter(pk=chain[0].pk).delete()
    assert f"removed: entry seq 1 is missing before seq 2 (id {chain[1].pk})" in broken()


def test_it_names_the_first_of_two_swapped_entries(chain: list[Entry], untriggered: None) -> None:
    swap_contents(chain[1], chain[3])  # seq 2 and seq 4 trade places
    message = broken()
    assert f"reordered: entry seq 4 (id {chain[1].pk}) is stored where seq 2 was due" in message


def test_it_names_the_first_problem_when_there_are_several(
    chain: list[Entry], untriggered: None
) -> None:
    Entry.objects.filter(pk=chain[3].pk).delete()
    Entry.objects.filter(pk=chain[1].pk).update(object_repr="renamed")
    assert f"altered: entry seq 2 (id {chain[1].pk})" in broken()


def test_removing_the_last_entry_needs_the_noted_head(
    chain: list[Entry], untriggered: None
) -> None:
    noted = chain[-1].hash[:16]
    assert "intact: 5 entries" in run("--expect-head", noted)
    Entry.objects.filter(pk=chain[-1].pk).delete()
    # The chain alone cannot tell: it is a consistent chain of four.
    assert "intact: 4 entries" in run()
    message = broken("--expect-head", noted)
    assert "head mismatch: the chain ends at seq 4" in message
    assert noted in message


def test_the_expected_head_accepts_the_full_hash_in_any_case(chain: list[Entry]) -> None:
    assert "intact" in run("--expect-head", chain[-1].hash.upper())
    # A hash that is no entry's (an earlier entry's is an ancestor now: the tests below).
    assert "head mismatch" in broken("--expect-head", "f" * 64)


def noted(entry: Entry) -> str:
    """The head as an operator notes it from the command's output: ``SEQ:HASH`` prefix."""
    line = run().splitlines()[-1]
    assert line == f"to check later: --expect-head {entry.seq}:{entry.hash[:16]}"
    return line.rsplit(" ", 1)[-1]


@pytest.mark.parametrize("form", ["seq:hash", "hash"])
def test_honest_writes_after_the_head_was_noted_pass(chain: list[Entry], form: str) -> None:
    # As printed: the head hash on its own, or with its seq (the line to note).
    head = chain[-1].hash[:16] if form == "hash" else noted(chain[-1])
    later = append(3)
    output = run("--expect-head", head)
    assert "audit chain intact: 8 entries" in output
    assert f"head seq 8: {later[-1].hash}" in output
    assert "the noted head (seq 5) is still in the chain; 3 entries appended since" in output


def test_a_tail_removed_past_the_noted_head_fails_with_both_ends(
    chain: list[Entry], untriggered: None
) -> None:
    head = noted(chain[-1])
    append(2)
    Entry.objects.filter(seq__gte=5).delete()  # the noted entry and the two after it
    assert "intact: 4 entries" in run()  # a consistent chain of four, on its own
    message = broken("--expect-head", head)
    assert "head mismatch: the chain ends at seq 4, before the noted head at seq 5" in message
    assert "entries were removed from the end" in message
    assert chain[-1].hash[:16] in message


def test_a_tail_rewritten_from_before_the_noted_head_fails_naming_the_entry(
    chain: list[Entry], untriggered: None
) -> None:
    head = noted(chain[-1])
    later = append(2)
    # Rewrite seq 4 onwards and re-hash every entry after it: a consistent chain of seven.
    prev = chain[2].hash
    for entry in [chain[3], chain[4], *later]:
        forged = Entry.objects.get(pk=entry.pk)
        if entry.pk == chain[3].pk:
            forged.object_repr = "never happened"
        forged.prev_hash = prev
        forged.hash = prev = link_hash(prev, forged.canonical())
        forged.save()
    assert "intact: 7 entries" in run()
    message = broken("--expect-head", head)
    assert f"head mismatch: entry seq 5 (id {chain[4].pk}) is no longer the noted head" in message
    assert "the chain was rewritten from there or before" in message
    # Noted without its seq, the head is simply nowhere in the chain any more.
    message = broken("--expect-head", chain[-1].hash[:16])
    assert "head mismatch: the chain ends at seq 7 and no entry in it has the noted head" in message


@pytest.mark.parametrize("value", ["abc", "z" * 16, "0" * 65, ""])
def test_it_refuses_a_malformed_expected_head(chain: list[Entry], value: str) -> None:
    assert "--expect-head must be" in broken("--expect-head", value)


def test_small_chunks_walk_the_whole_chain(db: Any) -> None:
    entries = append(7)
    assert "intact: 7 entries" in run("--chunk-size", "2")
    result = verify_chain(chunk_size=3)
    assert result.ok and result.count == 7 and result.head_hash == entries[-1].hash
