"""What the audit pages show for an entry: who did what as a sentence, and the change as a table.

The log keeps ids and codes (garrison.audit); this turns them into words for the reader, in
the active language, with as few queries as a page of entries allows: one for the accounts,
one for their roles in the event, one for the devices.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from garrison.accounts.audit_log.sentences import area_of, phrase_for, unnamed_actor
from garrison.accounts.models import Device, Membership, Role, User
from garrison.audit.models import Entry
from garrison.audit.services import CHARS

if TYPE_CHECKING:
    from garrison.events.models import Event

# A value longer than this is cut in the table; the whole of it stays under "details".
VALUE_CHARS = 160


@dataclass(frozen=True)
class Sentence:
    """ "<actor> (<role>) <phrase> <object>": the template links the object when it can."""

    actor: str
    role: str
    phrase: str
    object: str
    object_url: str | None

    def __str__(self) -> str:
        who = f"{self.actor} ({self.role})" if self.role else self.actor
        return " ".join(part for part in (who, self.phrase, self.object) if part)


@dataclass(frozen=True)
class Row:
    entry: Entry
    sentence: Sentence
    area: str


class Change(NamedTuple):
    field: str
    before: str
    after: str


def actors(entries: Sequence[Entry], event: Event) -> dict[int, tuple[str, str]]:
    """Entry id → (who, their role in this event or what the device is)."""
    user_ids = {e.actor_user_id for e in entries if e.actor_user_id is not None}
    device_ids = {e.actor_device_id for e in entries if e.actor_device_id is not None}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    roles: dict[int, str] = {}
    if user_ids:
        for user_id, role in Membership.objects.filter(
            event_id=event.pk, user_id__in=user_ids
        ).values_list("user_id", "role"):
            roles[user_id] = str(Role(role).label) if role in Role.values else role
    checkpoints: dict[int, str | None] = {}
    if device_ids:
        # The device's own name may be its holder's: it is named by its checkpoint instead.
        checkpoints = dict(
            Device.objects.filter(pk__in=device_ids).values_list("pk", "scanner__checkpoint__name")
        )
    named: dict[int, tuple[str, str]] = {}
    for entry in entries:
        if entry.actor_user_id is not None:
            user = users.get(entry.actor_user_id)
            name = user.display_name() if user is not None else entry.actor_label
            named[entry.pk] = (name, roles.get(entry.actor_user_id, ""))
        elif entry.actor_device_id is not None:
            where = checkpoints.get(entry.actor_device_id)
            role = _("scanner at %(checkpoint)s") % {"checkpoint": where} if where else ""
            named[entry.pk] = (_("device #%(id)s") % {"id": entry.actor_device_id}, role)
        else:
            named[entry.pk] = (unnamed_actor(entry.actor_label), "")
    return named


def rows(entries: Sequence[Entry], event: Event, links: dict[int, str]) -> list[Row]:
    who = actors(entries, event)
    return [
        Row(
            entry=entry,
            sentence=Sentence(
                actor=who[entry.pk][0],
                role=who[entry.pk][1],
                phrase=phrase_for(entry.action),
                object=entry.object_repr or (f"#{entry.object_id}" if entry.object_id else ""),
                object_url=links.get(entry.pk),
            ),
            area=area_of(entry.action),
        )
        for entry in entries
    ]


def _model(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def field_label(model: type[Model] | None, key: str) -> str:
    """The model field's own (translated) name, else the key in words."""
    if model is not None:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = None
        # A reverse relation has no verbose name of its own: the key stands for it.
        name = getattr(field, "verbose_name", None)
        if name is not None:
            return str(name)
    return key.replace("_", " ")


def shown(value: Any, model: type[Model] | None = None, key: str = "") -> str:
    """A value as a reader takes it in: plain words, cut short."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return pgettext("audit", "yes") if value else pgettext("audit", "no")
    if key == "changed" and isinstance(value, list):
        # The names of the personal fields an edit changed (their values are never logged).
        return ", ".join(field_label(model, str(name)) for name in value)
    if isinstance(value, str):
        text = value
    elif isinstance(value, (int, float)):
        text = str(value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Truncator(text).chars(VALUE_CHARS)


def change_label(model: type[Model] | None, key: str) -> str:
    """A row's name in the change table: the field's, or what the log keeps in its place."""
    if key == "changed":
        return _("personal fields changed")
    if key.endswith(CHARS) and len(key) > len(CHARS):
        # Free text is logged as its length, never its words (``audit.services.char_counts``).
        field = field_label(model, key.removesuffix(CHARS))
        return _("%(field)s (characters written)") % {"field": field}
    return field_label(model, key)


def changes(before: Any, after: Any, object_type: str = "") -> list[Change]:
    """One row per top-level key that differs: for an update only what changed, for a creation
    or a deletion every key on the side that exists. Labels are the fields' names when
    ``object_type`` names a model."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        return []
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    model = _model(object_type) if object_type else None
    out = []
    for key in sorted(set(old) | set(new)):
        if key in old and key in new and old[key] == new[key]:
            continue
        out.append(
            Change(
                change_label(model, key),
                shown(old[key], model, key) if key in old else "",
                shown(new[key], model, key) if key in new else "",
            )
        )
    return out
