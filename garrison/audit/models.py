"""The append-only, hash-chained audit log.

References to users, devices and events are plain ids on purpose: a foreign key with
ON DELETE would make the database try to change audit rows, which the triggers refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Entry(models.Model):
    seq = models.BigIntegerField(unique=True)
    created = models.DateTimeField(_("time"))
    event_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_user_id = models.BigIntegerField(null=True, blank=True)
    actor_device_id = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "audit_entry"
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def canonical(self) -> dict[str, object]:
        """The fields the hash covers, in a form that survives a round-trip through the DB."""
        return canonical_data({name: getattr(self, name) for name in CANONICAL_FIELDS})

    def content_matches_hash(self) -> bool:
        """Whether this row, read on its own, still hashes to its stored ``hash``."""
        from garrison.audit.chain import link_hash

        return link_hash(self.prev_hash, self.canonical()) == self.hash


# The columns the hash covers, in the order ``canonical_data`` reads them. ``prev_hash`` is
# covered too: it is the first half of the hashed bytes (see ``chain.link_hash``).
CANONICAL_FIELDS: tuple[str, ...] = (
    "seq",
    "created",
    "event_id",
    "actor_user_id",
    "actor_device_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
)


def canonical_data(values: Mapping[str, Any]) -> dict[str, object]:
    """``Entry.canonical()`` for a row read with ``.values()``: the verifier never builds models."""
    created: dt.datetime = values["created"]
    return {
        "seq": values["seq"],
        "created": created.isoformat(timespec="microseconds"),
        "event_id": values["event_id"],
        "actor_user_id": values["actor_user_id"],
        "actor_device_id": values["actor_device_id"],
        "actor_label": values["actor_label"],
        "action": values["action"],
        "object_type": values["object_type"],
        "object_id": values["object_id"],
        "object_repr": values["object_repr"],
        "before": values["before"],
        "after": values["after"],
    }
