"""The write path for second-factor devices: setting one up, checking a code (which counts
wrong guesses), confirming a new authenticator. The policy itself is in ``accounts.mfa``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.mfa import mark_verified
from garrison.accounts.models import User
from garrison.accounts.security import pseudonym
from garrison.audit.services import Actor, record
from garrison.core.logging import security_log


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up; the same secret across page reloads."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@dataclass(frozen=True)
class Verdict:
    ok: bool
    # Seconds until the next try is allowed, when refused because of earlier wrong codes.
    wait_seconds: int = 0


def check_code(request: HttpRequest, device: TOTPDevice, code: str) -> Verdict:
    """Check a 6-digit code against ``device`` under a row lock, with django-otp's back-off.

    Each wrong code doubles the wait before the next try (OTP_TOTP_THROTTLE_FACTOR, default 1 s:
    1, 2, 4, 8 … s), so a guesser gets a handful of tries an hour instead of a million. The row
    lock makes two parallel guesses take turns, so both count.
    """
    user_tag = pseudonym(str(device.user_id))
    code = (code or "").strip().replace(" ", "")
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            until: dt.datetime | None = (info or {}).get("locked_until")
            wait = 1
            if until is not None:
                wait = max(1, int((until - timezone.now()).total_seconds()) + 1)
            security_log.warning("otp throttled user=%s", user_tag)
            return Verdict(ok=False, wait_seconds=wait)
        ok = bool(code.isdigit() and len(code) == locked.digits and locked.verify_token(code))
        if not ok and not (code.isdigit() and len(code) == locked.digits):
            # A malformed code is still a guess: count it, or it would be a free probe.
            locked.throttle_increment(commit=True)
    if not ok:
        security_log.warning("otp failed user=%s", user_tag)
        return Verdict(ok=False)
    device.refresh_from_db()
    return Verdict(ok=True)


def confirm_device(request: HttpRequest, device: TOTPDevice) -> None:
    """First successful code on a new authenticator: it becomes the user's device."""
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        # Any other half-finished set-up for this user is stale now.
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).exclude(
            pk=device.pk
        ).delete()
        record(
            Actor.of_user(device.user),
            "accounts.otp.enrolled",
            device,
            object_repr=f"TOTP device {device.pk}",
        )
    mark_verified(request, device)
