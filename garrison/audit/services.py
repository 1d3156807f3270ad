"""Writing to the audit log. Called by every other app's services, inside their transaction.

The log holds no personal data (docs/security.md #23): it outlives the people in it, and the
purge after the event must never have to rewrite the chain. An entry refers to a person by id
("person #12", ``"member_id": 7``), never by name, phone number, e-mail, organisation, photo or
a file's bytes or name, nor by free text about them. It keeps what an auditor needs that is not
personal — ids, units, roles, zones, states, counts, times — and, for an edit, the names of the
personal fields that changed (``"changed": ["full_name", "contact"]``), not their values. The
fields that are personal are declared once per app (``garrison.core.personal``): a declared row
passed as ``obj`` is named by its pseudonym here, and the suite fails any test whose audit
entries carry a declared value (``garrison/audit/tests/personal_check.py``).

The actor's label is the username of a Garrison operator account: an account, not a member of
the public, so it may stay. A device is named by its id, since its name may be its holder's.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from garrison.audit.chain import GENESIS, link_hash
from garrison.audit.models import Entry
from garrison.core import personal

if TYPE_CHECKING:
    from garrison.accounts.models import Device, User

# Any constant works; it names the one advisory lock that serialises appends on PostgreSQL.
_PG_CHAIN_LOCK = 0x6A5C_A0D1


@dataclass(frozen=True)
class Actor:
    """Who did it: a user, a device, or the system (a command)."""

    user_id: int | None = None
    device_id: int | None = None
    label: str = "system"

    @classmethod
    def of_user(cls, user: User) -> Actor:
        return cls(user_id=user.pk, label=user.get_username())

    @classmethod
    def of_device(cls, device: Device) -> Actor:
        # Not ``device.name``: a phone is often named after the guard who holds it.
        return cls(device_id=device.pk, label=f"device #{device.pk}")


SYSTEM = Actor()

# The key an entry gives free text in place of its words: ``"note_chars": 42``.
CHARS = "_chars"


def char_counts(**texts: str) -> dict[str, int]:
    """What an entry keeps of free text a person typed (a note, a comment, minutes): that it was
    written and how long it is — ``char_counts(note=text)`` is ``{"note_chars": 42}`` — never
    the words. People write names and numbers in such text ("Mr Hoa at no. 12 called"); the
    event's policy may purge it from its rows (``core.personal.free_text``), which it could not
    do to a copy in the chain: an entry is never rewritten. The row keeps the words, the log the
    fact that someone wrote them, when and how much."""
    return {f"{name}{CHARS}": len(text) for name, text in texts.items()}


def jsonable(value: Any) -> Any:
    """Reduce a summary to plain JSON types so its hash is stable after a database round-trip.

    Dates, decimals and other objects become strings (``default=str``). Beyond that, values are
    normalised so that what the database gives back is exactly what was hashed:

    - PostgreSQL's ``jsonb`` keeps numbers as ``numeric``: ``1e16`` comes back as the integer
      ``10000000000000000`` and ``-0.0`` as ``0.0``. Whole floats are therefore stored as ints
      (equal in JSON). Other finite floats round-trip exactly: the shortest repr is a decimal
      ``numeric`` keeps digit for digit.
    - NaN and ±Infinity are not JSON (``jsonb`` refuses them): they become strings.
    - ``jsonb`` refuses the NUL character, and lone surrogates cannot be encoded as UTF-8 for
      the hash: both become U+FFFD in strings and keys.
    """
    return _normalise(json.loads(json.dumps(value, default=str)))


def _clean_text(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)
    return text


def _normalise(value: Any) -> Any:
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, dict):
        return {_clean_text(key): _normalise(item) for key, item in value.items()}
    return value


def record(
    actor: Actor,
    action: str,
    obj: Model | None = None,
    *,
    event_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> Entry:
    """Append one entry to the chain. Must run inside the caller's transaction.

    Appends take turns (see below), so rows are inserted — and get their ``id`` — in ``seq``
    order; ``audit.verify`` relies on that to tell a reordered row from a removed one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or personal.pseudonym(obj) or str(obj)[:200]
    if connection.vendor == "postgresql":
        # Two transactions appending at once would both read the same head; the lock makes
        # them take turns. SQLite needs none: IMMEDIATE transactions already write one at a time.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])
    head = Entry.objects.order_by("-seq").only("seq", "hash").first()
    entry = Entry(
        seq=(head.seq + 1) if head else 1,
        created=timezone.now(),
        event_id=event_id,
        actor_user_id=actor.user_id,
        actor_device_id=actor.device_id,
        actor_label=_clean_text(actor.label[:150]),
        action=_clean_text(action),
        object_type=_clean_text(object_type),
        object_id=_clean_text(object_id),
        object_repr=_clean_text(object_repr[:200]),
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        prev_hash=head.hash if head else GENESIS,
    )
    entry.hash = link_hash(entry.prev_hash, entry.canonical())
    entry.save(force_insert=True)
    return entry
