"""Field checks every service shares, raising DomainError with the field named.

Services validate what they are given even when a form or schema checked it first: the service is
the one write path, and commands and tests call it directly.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError


def text(
    value: str | None, field: str, *, max_length: int, required: bool = True, one_line: bool = False
) -> str:
    """What someone typed, fit to store: control and other invisible format characters dropped
    (a NUL, an escape sequence, a right-to-left override), stripped, within ``max_length``.

    Line breaks and tabs stay in multi-line text; ``one_line`` folds every run of whitespace,
    line breaks included, into one space. Markup is *not* removed: text is stored as typed and
    escaped wherever it is shown, so a resident who writes "<3" keeps their words.
    """
    kept = "".join(ch for ch in (value or "") if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    kept = " ".join(kept.split()) if one_line else kept.strip()
    if required and not kept:
        raise DomainError("required", _("This field is required."), field=field)
    if len(kept) > max_length:
        raise DomainError(
            "too_long", _("At most %(n)d characters.") % {"n": max_length}, field=field
        )
    return kept


def choice(value: str, choices: type[Any], field: str) -> str:
    """One of a TextChoices' values; the message repeats (a short piece of) what was sent."""
    if value not in choices.values:
        raise DomainError(
            "invalid_choice", _("Unknown value “%(value)s”.") % {"value": value[:40]}, field=field
        )
    return value
