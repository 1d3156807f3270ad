"""The one text cleaner every service uses: what people type, fit to store."""

from __future__ import annotations

import pytest

from garrison.core.errors import DomainError
from garrison.core.validate import text

# A NUL, a bell, an escape, a DEL, a carriage return, a right-to-left override, a byte-order
# mark: nothing a reader sees, each able to break a page, a log line or a reader's trust.
HIDDEN = "\x00\x07\x1b\x7f\r\u202e\ufeff"


def test_multi_line_text_drops_control_characters_but_keeps_line_breaks_and_tabs() -> None:
    typed = f"  First line{HIDDEN}\n\tsecond line\r\n  "
    assert text(typed, "notes", max_length=100) == "First line\n\tsecond line"


def test_one_line_text_drops_control_characters_and_folds_whitespace() -> None:
    typed = f" Gate\x00 3\n north\t{HIDDEN}entrance "
    assert text(typed, "name", max_length=100, one_line=True) == "Gate 3 north entrance"


def test_letters_of_every_script_and_markup_are_kept_as_typed() -> None:
    typed = "Cổng số 3 — <b>đóng</b> 🚧"
    assert text(typed, "title", max_length=100, one_line=True) == typed


def test_text_of_control_characters_only_counts_as_empty() -> None:
    with pytest.raises(DomainError) as caught:
        text(HIDDEN, "title", max_length=100)
    assert (caught.value.code, caught.value.field) == ("required", "title")
    assert text(HIDDEN, "title", max_length=100, required=False) == ""


def test_the_length_is_counted_after_cleaning() -> None:
    assert text("ab\x00\x00", "code", max_length=2) == "ab"
    with pytest.raises(DomainError) as caught:
        text("abc", "code", max_length=2)
    assert caught.value.code == "too_long"
