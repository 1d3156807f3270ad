"""The demo congress's people: a user per role and per kind of person in the journeys (the
traffic police officer who plans movements is a planner too), the published password, fixed TOTP
secrets.

Users, memberships and TOTP devices have no service yet, so they are audited here as the system.
Users outlive the demo event (a re-placed demo keeps them, and their authenticator entries stay
valid); memberships belong to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import Membership, User
from garrison.accounts.roles import MFA_ROLES, Role
from garrison.audit.services import SYSTEM, record
from garrison.demo.report import DemoLogin, LoadReport
from garrison.events.models import Event

DEFAULT_PASSWORD = "garrison-demo-2026"  # noqa: S105 - the demo's published password, by design
TOTP_DEVICE_NAME = "Demo authenticator"


@dataclass(frozen=True)
class DemoUser:
    role: str
    full_name: str
    login: str = ""  # the username when it is not the role's name (a second user of a role)
    about: str = ""  # who this is ("NAME is …"), printed when the role alone does not say

    @property
    def username(self) -> str:
        return self.login or str(self.role)


USERS = (
    DemoUser(Role.COMMANDER, "Nguyễn Quốc Hưng"),
    DemoUser(Role.PLANNER, "Trần Thị Thu Hà"),
    DemoUser(Role.UNIT_COMMANDER, "Lê Minh Tuấn"),
    DemoUser(Role.DUTY_OFFICER, "Phạm Thị Lan Anh"),
    DemoUser(Role.DISPATCHER, "Hoàng Văn Đức"),
    DemoUser(Role.ACCREDITATION_OFFICER, "Vũ Thị Ngọc Mai"),
    DemoUser(Role.FIELD_OFFICER, "Đặng Quang Huy"),
    DemoUser(Role.VIEWER, "Bùi Thanh Tùng"),
    # Traffic is planned by the event's planners (traffic/roles.py); this one sits in the traffic
    # police's diversion team (demo.forces puts them there).
    DemoUser(
        Role.PLANNER,
        "Đỗ Văn Khải",
        login="traffic_police",
        about="a traffic police officer in the diversion team: plans movements, closures, notices",
    ),
)
DEMO_USERNAMES = frozenset(user.username for user in USERS)


def demo_totp_key(username: str) -> str:
    """A fixed 20-byte secret per demo user (hex), so reruns keep printed QR codes valid.

    Anyone can derive it from this file: acceptable only because these are demo accounts, which
    the command refuses to create in production.
    """
    return hashlib.sha256(f"garrison-demo:{username}".encode()).hexdigest()[:40]


def ensure_user(event: Event, demo: DemoUser, password: str, report: LoadReport) -> DemoLogin:
    # Audit summaries carry ids only, as in accounts.services: the audit log outlives the
    # personal data, which is purged after the event.
    user = User.objects.filter(username__iexact=demo.username).first()
    if user is None:
        user = User(username=demo.username, full_name=demo.full_name)
        user.set_password(password)
        user.save()
        record(SYSTEM, "accounts.user.created", user, event_id=event.pk, object_repr=_repr(user))
        report.created["user"] += 1
    elif (
        user.full_name != demo.full_name or not user.is_active or not user.check_password(password)
    ):
        # The printed login table must work: restore the demo name, activity and password.
        user.full_name, user.is_active = demo.full_name, True
        user.set_password(password)
        user.save()
        record(
            SYSTEM,
            "accounts.user.reset",
            user,
            event_id=event.pk,
            object_repr=_repr(user),
            after={"user_id": user.pk, "password_reset": True, "is_active": True},
        )
        report.created["user reset to the demo password"] += 1
    else:
        report.kept["user"] += 1

    membership = Membership.objects.filter(user=user, event=event).first()
    if membership is None:
        membership = Membership.objects.create(user=user, event=event, role=demo.role)
        record(
            SYSTEM,
            "accounts.membership.created",
            membership,
            event_id=event.pk,
            after=_membership_summary(membership),
        )
        report.created["membership"] += 1
    elif membership.role != demo.role:
        before = _membership_summary(membership)
        membership.role = demo.role
        membership.save(update_fields=["role"])
        record(
            SYSTEM,
            "accounts.membership.changed",
            membership,
            event_id=event.pk,
            before=before,
            after=_membership_summary(membership),
        )
        report.created["membership role restored"] += 1
    else:
        report.kept["membership"] += 1

    device = _ensure_totp(user, event, report) if demo.role in MFA_ROLES else None
    return DemoLogin(user=user, role=demo.role, device=device)


def _repr(user: User) -> str:
    return f"user {user.pk}"


def _membership_summary(membership: Membership) -> dict[str, Any]:
    return {"user_id": membership.user_id, "role": membership.role, "unit_id": membership.unit_id}


def _ensure_totp(user: User, event: Event, report: LoadReport) -> Any:
    key = demo_totp_key(user.username)
    device = TOTPDevice.objects.filter(user=user, name=TOTP_DEVICE_NAME).first()
    if device is not None and device.key == key and device.confirmed:
        report.kept["TOTP device"] += 1
        return device
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME)
        report.created["TOTP device"] += 1
    else:
        report.created["TOTP device reset"] += 1
    device.key, device.confirmed = key, True
    device.save()
    record(
        SYSTEM,
        "accounts.otp.enrolled",
        device,
        event_id=event.pk,
        object_repr=f"TOTP device {device.pk}",
        after={"user_id": user.pk},
    )
    return device
