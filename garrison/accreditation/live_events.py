"""Accreditation's live events: each kind once, with its payload (garrison.core.live.declare)."""

from __future__ import annotations

from typing_extensions import TypedDict

from garrison.core.live import Kind, Ref, declare


class GrantChanged(TypedDict):
    """One cell of the category × zone matrix."""

    category: int
    zone: int


class PersonCredential(TypedDict):
    """The person whose badge was issued or revoked."""

    person: int


class IssuedCount(TypedDict):
    """A batch of first badges: how many."""

    count: int


class ImportConfirmed(TypedDict):
    created: int


CATEGORY_CREATED = declare("accreditation.category.created", Ref)
CATEGORY_UPDATED = declare("accreditation.category.updated", Ref)
CATEGORY_DELETED = declare("accreditation.category.deleted", Ref)
GRANT_CHANGED = declare("accreditation.grant.changed", GrantChanged)
CREDENTIAL_ISSUED: Kind[PersonCredential | IssuedCount] = declare(
    "accreditation.credential.issued", PersonCredential | IssuedCount
)
CREDENTIAL_REVOKED = declare("accreditation.credential.revoked", PersonCredential)
PERSON_CREATED = declare("accreditation.person.created", Ref)
PERSON_UPDATED = declare("accreditation.person.updated", Ref)
PERSON_DELETED = declare("accreditation.person.deleted", Ref)
IMPORT_CONFIRMED = declare("accreditation.import.confirmed", ImportConfirmed)
