"""Users, their roles in an event, and scanner devices as principals of their own."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

# The roles are declared in ``roles.py``. ``Role`` is re-exported because most code imports it
# with the models.
from garrison.accounts.roles import Role as Role


class User(AbstractUser):
    """A person who logs in. Roles live on memberships, one per event."""

    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    def display_name(self) -> str:
        return self.full_name or self.get_username()


class Membership(models.Model):
    """A user's role in one event.

    ``unit_id`` is the unit-scope hook: a unit commander (or a field officer) attached to a unit
    sees only that unit's subtree. It is a plain id because the unit tree belongs to the
    ``forces`` app; see ``accounts.scope``.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit_id = models.BigIntegerField(_("unit"), null=True, blank=True)

    # Set only on the unsaved, read-only membership that ``accounts.access`` derives for a member
    # of an ancestor event (``role`` is then VIEWER): the ancestor it comes from, and the role held
    # there, which opens the sub-event's pages for reading. ``require_role`` refuses it always.
    inherited_from_id: int | None = None
    read_role: str | None = None
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_membership_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.event_id}:{self.role}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Device(models.Model):
    """A scanner phone or other machine that authenticates with its own revocable token.

    Only the token's SHA-256 is stored: a copy of the database cannot be used to impersonate
    a device.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="devices")
    name = models.CharField(_("name"), max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_seen = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def new_token() -> str:
        return "gd_" + secrets.token_urlsafe(32)
