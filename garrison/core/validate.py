"""Field checks every service shares, raising DomainError with the field named.

Services validate what they are given even when a form or schema checked it first: the service is
the one write path, and commands and tests call it directly.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError


def text(
    value: str | None, field: str, *, max_length: int, required: bool = True, one_line: bool = False
) -> str:
    """Stripped text within ``max_length``; ``one_line`` also folds runs of whitespace."""
    value = " ".join((value or "").split()) if one_line else (value or "").strip()
    if required and not value:
        raise DomainError("required", _("This field is required."), field=field)
    if len(value) > max_length:
        raise DomainError(
            "too_long", _("At most %(n)d characters.") % {"n": max_length}, field=field
        )
    return value


def choice(value: str, choices: type[Any], field: str) -> str:
    """One of a TextChoices' values; the message repeats (a short piece of) what was sent."""
    if value not in choices.values:
        raise DomainError(
            "invalid_choice", _("Unknown value “%(value)s”.") % {"value": value[:40]}, field=field
        )
    return value
