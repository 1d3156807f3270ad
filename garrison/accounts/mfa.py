"""The second factor (TOTP, RFC 6238) for commanders, planners and duty officers (docs/security.md #6).

The policy is per person, not per page: whoever holds a role in ``MFA_ROLES`` in any event, or
has enrolled an authenticator anyway, passes TOTP right after the password. ``owes_second_factor``
is that rule, the only one: event pages (``event_view``), the API (``api_auth.UserAuth``), the live
feed's sockets (``live_access``) and every page that would name an event (the start page, the top
bar's event switch) all ask it, so a half-logged-in session cannot slip into an event where its
role happens to be a lighter one, nor learn which events there are.

What writes (setting up an authenticator, checking a code, confirming it) is in
``accounts.services.mfa``.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import Membership, User
from garrison.accounts.roles import MFA_ROLES


def holds_mfa_role(user: User) -> bool:
    return Membership.objects.filter(user=user, role__in=list(MFA_ROLES)).exists()


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def requires_second_factor(user: User) -> bool:
    """Whether this user must pass TOTP before using the system."""
    if not user.is_authenticated:
        return False
    return holds_mfa_role(user) or confirmed_device(user) is not None


def passed_second_factor(user: Any, session: SessionBase | None) -> bool:
    """Whether this session has passed TOTP with one of this user's confirmed authenticators.

    Read from the session the way django-otp's middleware reads it for a page (the device it
    stored at ``mark_verified``, still confirmed, still this user's), because a WebSocket has no
    such middleware: pages, API and sockets thus decide from the same record.
    """
    if session is None or user is None or not user.is_authenticated:
        return False
    persistent_id = session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return False
    # On a page, django-otp's middleware has just read this very record for this request (the
    # session's device, checked to be this user's and confirmed) and keeps it on the user: the
    # page's checks use it rather than reading it again. A socket has no such middleware.
    device = getattr(user, "otp_device", None)
    if device is None or device.persistent_id != str(persistent_id):
        device = Device.from_persistent_id(str(persistent_id))
    return device is not None and device.user_id == user.pk and bool(device.confirmed)


def owes_second_factor(user: Any, session: SessionBase | None) -> bool:
    """THE second-factor rule (docs/security.md #6): this person must use TOTP and this session has
    not passed it yet. Such a session may do nothing but finish logging in: no event page, no
    API answer, no live feed, and nothing that names an event (not even which events exist).

    Anonymous visitors owe nothing here; whatever they ask for is refused for want of a login.
    """
    if user is None or not user.is_authenticated:
        return False
    # The session is read first: a verified session costs one lookup, not the role queries too.
    return not passed_second_factor(user, session) and requires_second_factor(user)


def is_verified(request: HttpRequest) -> bool:
    return passed_second_factor(request.user, getattr(request, "session", None))


def mark_verified(request: HttpRequest, device: TOTPDevice) -> None:
    """The session has passed the second factor: remember the device, give it a fresh key."""
    # A new session key on every privilege step, so a key seen before this point is useless.
    request.session.cycle_key()
    otp_login(request, device)


def secret_text(device: TOTPDevice) -> str:
    """The secret as base32 in groups of four, the way authenticator apps ask to type it."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (CSP allows img data:, no script)."""
    # Imported here, not with the module that every process loads at start-up (the live feed's
    # access check reads it): qrcode brings Pillow.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    payload = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{payload}"
