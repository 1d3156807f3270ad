"""Cleaning text that people type, before any service stores it."""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from garrison.core.errors import DomainError


def clean_text(value: str | None, field: str, *, max_length: int, required: bool = True) -> str:
    """Strip, drop control characters (but keep line breaks) and enforce the length.

    Markup is *not* removed here: text is stored as typed and escaped wherever it is shown
    (SECURITY.md #18), so a resident who writes "<3" keeps their words.
    """
    text = "".join(
        ch for ch in (value or "") if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
    ).strip()
    if required and not text:
        raise DomainError("required", _("This field is required."), field=field)
    if len(text) > max_length:
        raise DomainError(
            "too_long", _("At most %(n)d characters.") % {"n": max_length}, field=field
        )
    return text
