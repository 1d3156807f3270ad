"""Folding text for matching: names typed without accents, headers typed any way.

``fold("Nguyễn Văn Thắng") == "nguyen van thang"``: decomposed (NFD), combining marks dropped,
"đ" read as "d" (it is a letter of its own, not a d with a mark, so NFD leaves it), case folded,
spaces collapsed. Done in Python and stored (``Person.search_name``) rather than in the database,
so SQLite and PostgreSQL match alike without PostgreSQL's unaccent extension.

Only for finding: duplicates keep their accents (``services.dedupe_key``), because "Hà" and
"Hạ" are different names.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q, QuerySet

from garrison.accreditation.credentials.signing import parse_short_label
from garrison.accreditation.models import Credential, Person


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("đ", "d").split())


def search_name(full_name: str, organisation: str) -> str:
    """What a search matches: the folded name and organisation, on lines of their own so a
    query never matches across the two."""
    return f"{fold(full_name)}\n{fold(organisation)}"


def search_people(people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """``people`` matching a typed query: a name or organisation (accents optional), the
    import's reference, or the badge's serial as printed (``100001`` or ``100001·v1``)."""
    match = Q(search_name__contains=fold(query)) | Q(ref__iexact=query.strip())
    label = parse_short_label(query)
    if label is not None:
        serial, version = label
        badges = Credential.objects.filter(serial=serial, person__isnull=False)
        if version is not None:
            badges = badges.filter(version=version)
        match |= Q(pk__in=badges.values("person_id"))
    return people.filter(match)
