"""Which fields hold personal data: each app declares its own once, in its ``personal`` module.

Garrison keeps people's data only for the event (docs/security.md #23–24). What counts as
personal is said here, once per field, and everything that must treat it differently reads this
list instead of naming fields itself: the audit log names a declared row by a pseudonym
("person #12") rather than by its ``str()``, and the suite checks that no audit entry carries a
declared value (``garrison/audit/tests/personal_check.py``); the purge of an event's personal
data (``garrison.events.services.purge``) erases exactly these fields, row by row of the event
(``event``: the path from a row to its event), leaving the row's pseudonym in ``renamed`` so
that pages still name it ("person #12"). What else the purge must do for a model (revoke its
badges, drop its live events) the app registers beside the declaration with ``also``; the
generic work on the rows is in ``garrison.core.services.personal_purge``.

    # garrison/forces/personal.py
    declare(ForceMember, fields=["full_name", "contact"], pseudonym="member",
            url="forces:member_edit")

A field is text (a char or text field), a file's bytes (a binary field), JSON in which only
the strings under ``json_keys`` are personal (an import's rows: names, but also row numbers and
category ids), or a number that can be NULL (a phone's latitude when it scanned a plaque: the
purge sets it to NULL). Any other kind of field is refused, so that a new kind is taught to the check and
the purge before it is declared. A field in ``shared`` holds values many people share (a job
title: "Delegate"): personal beside the name, so purged with it, but the same words fill plans
and descriptions, so the suite's check does not search the log for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import models

TEXT, BYTES, JSON, NUMBER = "text", "bytes", "json", "number"
# What the purge of free text leaves in its place (``free_text``): the row stays, its words go.
REMOVED = "[removed]"


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    # (field name, kind) with kind one of TEXT, BYTES, JSON, NUMBER.
    fields: tuple[tuple[str, str], ...]
    # How the audit log names a row whose ``str()`` shows personal data: "<pseudonym> #<id>".
    pseudonym: str | None = None
    # The page that shows one row (its URL takes ``event`` and ``pk``), linked from the audit log.
    url: str | None = None
    json_keys: frozenset[str] = frozenset()
    shared: frozenset[str] = frozenset()
    # The path from a row to its event (``event``, ``incident__event``): the purge's scope.
    event: str = "event"
    # The text field the purge fills with the row's pseudonym instead of emptying it.
    renamed: str | None = None

    @property
    def label(self) -> str:
        """``app_label.modelname``, as the audit log's ``object_type``."""
        return self.model._meta.label_lower

    def field_names(self) -> list[str]:
        return [name for name, _kind in self.fields]


_declared: dict[type[models.Model], Declaration] = {}


def _kind(model: type[models.Model], name: str, json_keys: frozenset[str]) -> str:
    field = model._meta.get_field(name)
    if isinstance(field, models.BinaryField):
        return BYTES
    if isinstance(field, models.JSONField):
        if not json_keys:
            raise ImproperlyConfigured(f"{model.__name__}.{name}: a JSON field needs json_keys")
        return JSON
    if isinstance(field, (models.CharField, models.TextField)):
        return TEXT
    if isinstance(field, (models.FloatField, models.DecimalField, models.IntegerField)):
        if not field.null:
            raise ImproperlyConfigured(
                f"{model.__name__}.{name}: a personal number must be nullable"
            )
        return NUMBER
    raise ImproperlyConfigured(
        f"{model.__name__}.{name}: {type(field).__name__} is not a kind of personal field "
        "Garrison knows (text, binary, JSON, nullable number)"
    )


def declare(
    model: type[models.Model],
    *,
    fields: Sequence[str],
    pseudonym: str | None = None,
    url: str | None = None,
    json_keys: Iterable[str] = (),
    shared: Iterable[str] = (),
    event: str = "event",
    renamed: str | None = None,
) -> Declaration:
    """Declare ``fields`` of ``model`` personal. ``pseudonym`` is for models whose ``str()``
    shows a personal field; ``url`` names the page of one row (kwargs ``event`` and ``pk``);
    ``event`` is the path from a row to its event; ``renamed`` the text field the purge sets to
    the pseudonym (the others it empties)."""
    keys = frozenset(json_keys)
    if not set(shared) <= set(fields):
        raise ImproperlyConfigured(f"{model.__name__}: a shared field must be one of the fields")
    declaration = Declaration(
        model=model,
        fields=tuple((name, _kind(model, name, keys)) for name in fields),
        pseudonym=pseudonym,
        url=url,
        json_keys=keys,
        shared=frozenset(shared),
        event=event,
        renamed=renamed,
    )
    if renamed is not None and (pseudonym is None or (renamed, TEXT) not in declaration.fields):
        raise ImproperlyConfigured(
            f"{model.__name__}.{renamed}: only a declared text field of a model with a pseudonym "
            "can be renamed"
        )
    existing = _declared.get(model)
    if existing is not None and existing != declaration:
        raise ImproperlyConfigured(f"{model.__name__}'s personal fields are declared twice")
    _declared[model] = declaration
    return declaration


def declarations() -> list[Declaration]:
    return sorted(_declared.values(), key=lambda d: d.label)


def declaration_of(model: type[models.Model]) -> Declaration | None:
    return _declared.get(model)


def declaration_for(object_type: str) -> Declaration | None:
    """The declaration of the model an audit entry's ``object_type`` names, if any."""
    return next((d for d in _declared.values() if d.label == object_type), None)


def pseudonym(obj: models.Model) -> str | None:
    """The audit log's name for a row whose ``str()`` shows personal data ("person #12");
    ``None`` for any other row."""
    declaration = _declared.get(type(obj))
    if declaration is None or declaration.pseudonym is None:
        return None
    return f"{declaration.pseudonym} #{obj.pk}"


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The declared fields' values of ``obj``, to compare with ``changed`` after an edit."""
    declaration = _declared.get(type(obj))
    names = declaration.field_names() if declaration else []
    return {name: getattr(obj, name) for name in names}


def changed(before: dict[str, Any], obj: models.Model) -> list[str]:
    """The names of the personal fields whose values differ from ``before`` (a ``snapshot``):
    what an audit entry may say about a change of personal data — which fields, not what."""
    return sorted(name for name, value in before.items() if getattr(obj, name) != value)


# --- What the purge does beside emptying the fields ------------------------------------------


@dataclass(frozen=True)
class Extra:
    """More work the purge of a declared model needs (its badges revoked, its live events
    dropped), registered by the app that owns it with ``also``.

    ``pending(event_id)`` says how many rows are still to do; ``purge(event_id, limit)`` does at
    most ``limit`` of them inside the caller's transaction and says how many it did (0: none
    left). Both must be idempotent: a purge interrupted and run again calls them again.
    """

    label: str  # the declaration's ``app_label.modelname``: its kind decides whether this runs
    name: str
    pending: Callable[[int], int]
    purge: Callable[[int, int], int]

    @property
    def key(self) -> str:
        return f"{self.label}.{self.name}"


_extras: dict[str, Extra] = {}


def also(
    model: type[models.Model],
    name: str,
    *,
    pending: Callable[[int], int],
    purge: Callable[[int, int], int],
) -> Extra:
    """Register more purge work for ``model`` (declared first), run with its fields' purge."""
    declaration = _declared.get(model)
    if declaration is None:
        raise ImproperlyConfigured(f"{model.__name__}: declare its personal fields before also()")
    extra = Extra(declaration.label, name, pending, purge)
    _extras[extra.key] = extra
    return extra


def extras_of(label: str) -> list[Extra]:
    return sorted((e for e in _extras.values() if e.label == label), key=lambda e: e.name)


# --- Free text that may name people -----------------------------------------------------------


@dataclass(frozen=True)
class FreeText:
    """Fields of ``model`` where people write what they like (an incident's description, a
    note, a comment): not personal by design, but often naming someone ("Mr Hoa at no. 12
    called"). They are the record of what happened, so they are kept until the event's policy
    says to purge free text (``events.retention``); then each non-empty one becomes ``REMOVED``
    and the row stays. Registered by the app that owns the model with ``free_text``."""

    model: type[models.Model]
    fields: tuple[str, ...]
    # The path from a row to its event, as in ``Declaration.event``.
    event: str = "event"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def key(self) -> str:
        """The purge step's name: ``ops.note.text``."""
        return f"{self.label}.text"


_free_text: dict[type[models.Model], FreeText] = {}


def free_text(
    model: type[models.Model], *, fields: Sequence[str], event: str = "event"
) -> FreeText:
    """Register ``fields`` of ``model`` as free text the event's policy may purge."""
    for name in fields:
        if _kind(model, name, frozenset()) != TEXT:
            raise ImproperlyConfigured(f"{model.__name__}.{name}: free text must be a text field")
    registered = FreeText(model, tuple(fields), event)
    existing = _free_text.get(model)
    if existing is not None and existing != registered:
        raise ImproperlyConfigured(f"{model.__name__}'s free text is registered twice")
    _free_text[model] = registered
    return registered


def free_texts() -> list[FreeText]:
    return sorted(_free_text.values(), key=lambda f: f.label)
