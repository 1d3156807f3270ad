"""The second factor (TOTP, RFC 6238) for commanders, planners and duty officers (SECURITY.md #6).

The policy is per person, not per page: whoever holds a role in ``MFA_ROLES`` in any event, or
has enrolled an authenticator anyway, passes TOTP right after the password. ``event_view`` checks
the same rule, so a half-logged-in session cannot slip into an event where its role happens to be
a lighter one.

What writes (setting up an authenticator, checking a code, confirming it) is in
``accounts.services.mfa``.
"""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.http import HttpRequest
from django_otp import login as otp_login
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


def is_verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified is not None and verified())


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
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    payload = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"data:image/svg+xml;base64,{payload}"
