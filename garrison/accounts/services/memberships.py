"""The write path for memberships: who holds which role in an event.

Every function: authorise → validate → change → audit (same transaction). The public functions
take the acting commander's membership; ``ensure_member_as_system`` is the same path for
management commands, audited as the system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership, Role, User
from garrison.accounts.roles import MEMBER_MANAGERS, UNIT_SCOPED_ROLES
from garrison.accounts.scope import is_unit_of
from garrison.audit.services import SYSTEM, Actor, record
from garrison.core.errors import DomainError, NotFound

if TYPE_CHECKING:
    from garrison.events.models import Event


def membership_summary(membership: Membership) -> dict[str, Any]:
    # Ids only: the audit log outlives the event's personal data, which is purged afterwards.
    return {"user_id": membership.user_id, "role": membership.role, "unit_id": membership.unit_id}


def _role(value: str) -> str:
    if value not in Role.values:
        raise DomainError(
            "invalid_role", _("Unknown role “%(value)s”.") % {"value": value[:40]}, field="role"
        )
    return value


def _unit(event_id: int, role: str, value: int | None) -> int | None:
    """The unit a membership names: one of the event's own units, and required for a unit role.

    Unit roles fail closed (docs/security.md #2): without a unit, or with another event's or an
    invented one, a unit commander's scope would be undefined, so the membership is refused.
    """
    if value is not None and value < 1:
        raise DomainError(
            "invalid_unit", _("A unit number is a positive whole number."), field="unit_id"
        )
    if value is None:
        if role in UNIT_SCOPED_ROLES:
            raise DomainError(
                "unit_required",
                _("The role “%(role)s” sees only its unit: give the unit's number.")
                % {"role": Role(role).label},
                field="unit_id",
            )
        return None
    if not is_unit_of(event_id, value):
        raise DomainError(
            "unknown_unit",
            _("This event has no unit with number %(n)d.") % {"n": value},
            field="unit_id",
        )
    return value


def _same_event(actor: Membership, target: Membership) -> None:
    # Another event's membership answers exactly like a missing one (docs/security.md #2).
    if target.event_id != actor.event_id:
        raise NotFound(_("Not found"))


def _keep_a_commander(event_id: int, target: Membership) -> None:
    """An event must keep one commander, or nobody could manage its members any more."""
    if target.role != Role.COMMANDER:
        return
    # The lock makes two commanders demoting each other at once take turns; the second sees 1.
    commanders = list(
        Membership.objects.select_for_update()
        .filter(event_id=event_id, role=Role.COMMANDER)
        .values_list("pk", flat=True)
    )
    if commanders == [target.pk]:
        raise DomainError(
            "last_commander",
            _("The event's last commander cannot be removed or given another role."),
            status=409,
        )


def _grant(actor: Actor, event_id: int, user: User, role: str, unit_id: int | None) -> Membership:
    """Create the membership and its audit entry; the caller holds the transaction."""
    if Membership.objects.filter(user=user, event_id=event_id).exists():
        raise DomainError(
            "already_member", _("This user is already a member of the event."), field="username"
        )
    membership = Membership.objects.create(user=user, event_id=event_id, role=role, unit_id=unit_id)
    record(
        actor,
        "accounts.membership.created",
        membership,
        event_id=event_id,
        after=membership_summary(membership),
    )
    return membership


def _new_user(username: str, password: str | None, full_name: str) -> User:
    username = (username or "").strip()
    if not username or len(username) > 150:
        raise DomainError(
            "invalid_username", _("Give a username of at most 150 characters."), field="username"
        )
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise DomainError(
            "invalid_username",
            _("A username may contain only letters, digits and @ . + - _"),
            field="username",
        ) from exc
    # Case-insensitive: “Lan” and “lan” as two accounts would be a trap at the duty desk.
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", _("This username is already taken."), field="username")
    full_name = (full_name or "").strip()
    if len(full_name) > 200:
        raise DomainError(
            "too_long", _("At most %(n)d characters.") % {"n": 200}, field="full_name"
        )
    user = User(username=username, full_name=full_name)
    if password is None:
        # Scripts may create an account before its owner chooses a password.
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError("weak_password", " ".join(exc.messages), field="password") from exc
        user.set_password(password)
    user.save()
    return user


def add_member(
    actor: Membership, username: str, role: str, unit_id: int | None = None
) -> Membership:
    """Give an existing user a role in the actor's event."""
    require_role(actor, MEMBER_MANAGERS)
    role = _role(role)
    unit_id = _unit(actor.event_id, role, unit_id)
    user = User.objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if user is None:
        raise DomainError(
            "unknown_user", _("There is no user with this username."), field="username"
        )
    with transaction.atomic():
        return _grant(Actor.of_user(actor.user), actor.event_id, user, role, unit_id)


def create_member(
    actor: Membership,
    username: str,
    password: str,
    role: str,
    unit_id: int | None = None,
    full_name: str = "",
) -> Membership:
    """Create a user and give them a role in the actor's event, in one step."""
    require_role(actor, MEMBER_MANAGERS)
    role = _role(role)
    unit_id = _unit(actor.event_id, role, unit_id)
    with transaction.atomic():
        user = _new_user(username, password, full_name)
        actor_ = Actor.of_user(actor.user)
        record(
            actor_,
            "accounts.user.created",
            user,
            event_id=actor.event_id,
            object_repr=f"user {user.pk}",
        )
        return _grant(actor_, actor.event_id, user, role, unit_id)


def change_membership(
    actor: Membership, target: Membership, role: str, unit_id: int | None = None
) -> Membership:
    """Set a member's role and unit. Takes effect on the member's very next request."""
    require_role(actor, MEMBER_MANAGERS)
    _same_event(actor, target)
    role = _role(role)
    unit_id = _unit(actor.event_id, role, unit_id)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=target.pk)
        if locked.role == role and locked.unit_id == unit_id:
            return locked
        if role != Role.COMMANDER:
            _keep_a_commander(locked.event_id, locked)
        before = membership_summary(locked)
        locked.role, locked.unit_id = role, unit_id
        locked.save(update_fields=["role", "unit_id"])
        record(
            Actor.of_user(actor.user),
            "accounts.membership.changed",
            locked,
            event_id=locked.event_id,
            before=before,
            after=membership_summary(locked),
        )
    return locked


def remove_membership(actor: Membership, target: Membership) -> None:
    """End a member's access to the event. Their next request to it answers 404.

    Access is looked up from the database on every request (``access_event_by_slug``), so there
    is no cached role to expire.
    """
    require_role(actor, MEMBER_MANAGERS)
    _same_event(actor, target)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().filter(pk=target.pk).first()
        if locked is None:
            raise NotFound(_("Not found"))
        _keep_a_commander(locked.event_id, locked)
        before = membership_summary(locked)
        record(
            Actor.of_user(actor.user),
            "accounts.membership.removed",
            locked,
            event_id=locked.event_id,
            before=before,
        )
        locked.delete()


def ensure_member_as_system(
    event: Event,
    username: str,
    role: str,
    *,
    password: str | None = None,
    unit_id: int | None = None,
    full_name: str = "",
) -> tuple[Membership, bool]:
    """For scripts: the user (created if missing) holds ``role`` in ``event``.

    Returns the membership and whether the user account was created. An existing user's password
    is never changed here: re-running a script must not reset anyone's password. Audited as the
    system, since no member acts.
    """
    role = _role(role)
    unit_id = _unit(event.pk, role, unit_id)
    with transaction.atomic():
        user = User.objects.filter(username__iexact=(username or "").strip()).first()
        created = user is None
        if user is None:
            user = _new_user(username, password, full_name)
            record(
                SYSTEM,
                "accounts.user.created",
                user,
                event_id=event.pk,
                object_repr=f"user {user.pk}",
            )
        existing = Membership.objects.select_for_update().filter(user=user, event=event).first()
        if existing is None:
            return _grant(SYSTEM, event.pk, user, role, unit_id), created
        if existing.role != role or existing.unit_id != unit_id:
            if role != Role.COMMANDER:
                _keep_a_commander(event.pk, existing)
            before = membership_summary(existing)
            existing.role, existing.unit_id = role, unit_id
            existing.save(update_fields=["role", "unit_id"])
            record(
                SYSTEM,
                "accounts.membership.changed",
                existing,
                event_id=event.pk,
                before=before,
                after=membership_summary(existing),
            )
        return existing, created
