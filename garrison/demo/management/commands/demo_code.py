"""``garrison demo_code [USERNAME …]``: the current second-factor code of demo users.

``load_demo`` prints each demo account's code once, and a TOTP code lasts 30 seconds: by the time
someone reads it and logs in, it has expired. This prints a fresh one, with how long it is still
valid and the one after it, for any demo user at any time.

Only for the demo's own accounts, with the demo's own secret (derivable from
``garrison.demo.accounts``, so nothing secret is shown), and never with GARRISON_PRODUCTION on:
there, printing a real user's code would hand out their second factor.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from garrison.accounts.models import User
from garrison.accounts.roles import MFA_ROLES
from garrison.demo import accounts


class Command(BaseCommand):
    help = "Print the current second-factor (TOTP) code of demo users, and how long it is valid."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "usernames",
            nargs="*",
            metavar="USERNAME",
            help="demo users (default: every demo user with a second factor): "
            + ", ".join(user.username for user in accounts.USERS),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "Refusing to print second-factor codes with GARRISON_PRODUCTION on: the demo "
                "accounts do not belong on a real system."
            )
        usernames: list[str] = options["usernames"] or [
            user.username for user in accounts.USERS if user.role in MFA_ROLES
        ]
        strangers = sorted(set(usernames) - accounts.DEMO_USERNAMES)
        if strangers:
            raise CommandError(
                f"Not a demo user: {', '.join(strangers)}. Codes are printed only for the demo "
                f"accounts: {', '.join(user.username for user in accounts.USERS)}."
            )
        now = time.time()  # one instant for every code, so "valid for" matches what is shown
        for username in usernames:
            self._print_code(username, now)

    def _print_code(self, username: str, now: float) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"{username}: no such user yet; run `garrison load_demo` first.")
        device = TOTPDevice.objects.filter(
            user=user, name=accounts.TOTP_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            self.stdout.write(f"{username}: logs in with the password only (no second factor).")
            return
        if device.key != accounts.demo_totp_key(username):
            # Someone enrolled another authenticator: its secret is theirs, not the demo's.
            raise CommandError(
                f"{username}: the second factor is not the demo's; run `garrison load_demo` to "
                "restore it."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        code = totp.token()
        left = device.step - int(now - device.t0) % device.step
        totp.time = now + left
        following = totp.token()
        digits = device.digits
        self.stdout.write(self.style.SUCCESS(f"{username} — {user.full_name}"))
        self.stdout.write(f"  code now: {code:0{digits}d}  valid for {left} more seconds")
        self.stdout.write(f"  next:     {following:0{digits}d}  from then, for {device.step} s")
