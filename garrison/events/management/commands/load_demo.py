"""``garrison load_demo``: load the demo congress (``make demo``) and print how to log in.

Idempotent: a second run creates nothing and prints the same logins. The data and the loader live
in ``garrison.events.demo_data``.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django_otp.oath import totp

from garrison.accounts.models import Role
from garrison.accreditation import demo as accreditation_demo
from garrison.events import demo_data
from garrison.traffic import demo as traffic_demo
from garrison.forces import demo as forces_demo
from garrison.planning import demo as planning_demo


class Command(BaseCommand):
    help = "Load the demo congress (event, sites, zones, one user per role) and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help=f"password for every demo user (default: {demo_data.DEFAULT_PASSWORD})",
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="login address shown")
        parser.add_argument("--quiet-qr", action="store_true", help="do not draw the TOTP QR codes")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # Published password and derivable TOTP secrets: a back door on a real system.
            raise CommandError(
                "Refusing to load the demo with GARRISON_PRODUCTION on: its accounts have a "
                "published password and TOTP secrets."
            )
        password: str = options["password"] or demo_data.DEFAULT_PASSWORD
        if options["password"]:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError("--password: " + " ".join(exc.messages)) from exc
        with translation.override("en"):
            report = demo_data.load(password)
            traffic_demo.load(report.event)
            forces_demo.load(report)
            planning_demo.load(report)
            accreditation_demo.load(report)
            self._summary(report)
            self._logins(report, options["url"], password, shown=not options["password"])
            self._second_factor(report, qr=not options["quiet_qr"])

    def _summary(self, report: demo_data.LoadReport) -> None:
        event = report.event
        self.stdout.write(self.style.SUCCESS(f"Demo event “{event.name}” ({event.slug})"))
        self.stdout.write(
            f"  {event.starts_on:%d %b %Y} – {event.ends_on:%d %b %Y}, {event.time_zone}; "
            f"{event.sites.count()} sites, {event.zones.count()} zones, "
            f"{event.phases.count()} phases, {event.memberships.count()} members"
        )
        for phase in event.phases.all():
            start, end = (t.astimezone(event.tzinfo) for t in (phase.starts_at, phase.ends_at))
            self.stdout.write(
                f"    {phase.kind:<7} {start:%d %b %H:%M} → {end:%d %b %H:%M}  {phase.name}"
            )

        def counts(counter: dict[str, int]) -> str:
            parts = (f"{n} {what}{'' if n == 1 else 's'}" for what, n in counter.items())
            return ", ".join(parts) or "nothing"

        self.stdout.write(f"  created: {counts(report.created)}")
        self.stdout.write(f"  already there: {counts(report.kept)}")

    def _logins(
        self, report: demo_data.LoadReport, url: str, password: str, *, shown: bool
    ) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Log in at {url}"))
        shown_password = password if shown else "(the --password you gave)"
        self.stdout.write(f"  Password for every demo user: {shown_password}")
        self.stdout.write("")
        header = f"  {'USERNAME':<23} {'ROLE':<23} {'NAME':<20} SECOND FACTOR"
        self.stdout.write(header)
        self.stdout.write("  " + "-" * (len(header) - 2))
        for login in report.logins:
            factor = "TOTP (below)" if login.device is not None else "-"
            self.stdout.write(
                f"  {login.user.username:<23} {Role(login.role).label:<23} "
                f"{login.user.full_name:<20} {factor}"
            )

    def _second_factor(self, report: demo_data.LoadReport, *, qr: bool) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Second factor (TOTP)"))
        self.stdout.write(
            "  Commanders, planners and duty officers enter a 6-digit code after the password.\n"
            "  Add each account to an authenticator app (scan the QR code or type the secret);\n"
            "  the secrets are fixed, so they stay valid across reruns of load_demo."
        )
        for login in report.logins:
            device = login.device
            if device is None:
                continue
            code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(f"== {login.user.username} — {login.user.full_name}")
            )
            self.stdout.write(f"  secret:   {base64.b32encode(device.bin_key).decode()}")
            self.stdout.write(f"  URI:      {device.config_url}")
            self.stdout.write(
                f"  code now: {code:0{device.digits}d}  (changes every {device.step} s)"
            )
            if qr:
                self.stdout.write(_qr_block(device.config_url), ending="")


def _qr_block(data: str) -> str:
    """The QR code as text (half blocks, light on dark), so it works when stdout is not a TTY."""
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()
