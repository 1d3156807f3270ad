"""``garrison load_demo``: load the demo congress (``make demo``) and print how to log in.

The congress is placed relative to the day the command runs: its first day is today (in the
event's time zone), so it is under way, or ``--starts-in N`` days ahead. A second run on the same
day with the same ``--starts-in`` creates nothing and prints the same logins; a run that wants
another first day than the stored demo's removes that demo and loads it afresh
(``garrison.demo.placement``). The event's data and loader live in ``garrison.demo.events``,
each app's part in its own module of ``garrison.demo``.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import qrcode
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from django_otp.oath import totp

from garrison.accounts.models import Role
from garrison.demo import accounts, events
from garrison.demo import accreditation as accreditation_demo
from garrison.demo import checkin as checkin_demo
from garrison.demo import command as command_demo
from garrison.demo import coverage as coverage_demo
from garrison.demo import drills as drills_demo
from garrison.demo import forces as forces_demo
from garrison.demo import forces_posts as posts_demo
from garrison.demo import ops as ops_demo
from garrison.demo import patrols as patrols_demo
from garrison.demo import planning as planning_demo
from garrison.demo import planning_reviews as planning_reviews_demo
from garrison.demo import readiness as readiness_demo
from garrison.demo import readiness_medical as readiness_medical_demo
from garrison.demo import reports as reports_demo
from garrison.demo import sensors as sensors_demo
from garrison.demo import traffic as traffic_demo
from garrison.demo.report import LoadReport
from garrison.events.management.commands.build_basemap import report_line

# Each app's demo data, loaded in this order after the event itself (demo.events). An app adds
# one entry; ``--only`` picks some by name (tests of one app need not load them all).
PARTS: list[tuple[str, Callable[[LoadReport], object]]] = [
    ("units", forces_demo.load_units),
    ("forces", forces_demo.load),
    ("posts", posts_demo.load),
    ("planning", planning_demo.load),
    ("planning-reviews", planning_reviews_demo.load),
    ("traffic", lambda report: traffic_demo.load(report.event)),
    ("coverage", lambda report: coverage_demo.load(report.event)),
    ("accreditation", accreditation_demo.load),
    ("checkin", checkin_demo.load),
    ("ops", ops_demo.load),
    ("patrols", patrols_demo.load),
    ("sensors", sensors_demo.load),
    ("readiness", readiness_demo.load),
    ("drills", drills_demo.load),
    ("command", command_demo.load),
    ("medical", readiness_medical_demo.load),
    ("reports", reports_demo.load),
]
# A part that another loads whole: left out when both are chosen (so a full load counts each
# unit once).
WITHIN = {"units": "forces"}


class Command(BaseCommand):
    help = "Load the demo congress (event, sites, zones, one user per role) and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            help=f"password for every demo user (default: {accounts.DEFAULT_PASSWORD})",
        )
        parser.add_argument(
            "--starts-in",
            type=int,
            default=0,
            metavar="DAYS",
            help="the congress's first day is this many days after today (default 0: today, so "
            "it is under way; more for a demo of the preparation)",
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="login address shown")
        parser.add_argument("--quiet-qr", action="store_true", help="do not draw the TOTP QR codes")
        parser.add_argument(
            "--basemap",
            action="store_true",
            help="build the offline base map from the demo's OSM file when there is none yet",
        )
        parser.add_argument(
            "--only",
            metavar="APPS",
            help="comma-separated parts to load besides the event itself: "
            + ", ".join(name for name, _load in PARTS),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            # Published password and derivable TOTP secrets: a back door on a real system.
            raise CommandError(
                "Refusing to load the demo with GARRISON_PRODUCTION on: its accounts have a "
                "published password and TOTP secrets."
            )
        password: str = options["password"] or accounts.DEFAULT_PASSWORD
        starts_in: int = options["starts_in"]
        if starts_in < 0:
            raise CommandError(
                "--starts-in: give 0 (the congress opens today) or more days; a congress that "
                "is already over cannot be demonstrated"
            )
        parts = PARTS
        if options["only"] is not None:
            wanted = {name.strip() for name in options["only"].split(",") if name.strip()}
            unknown = wanted - {name for name, _load in PARTS}
            if unknown:
                raise CommandError(f"--only: no demo part named {', '.join(sorted(unknown))}")
            parts = [(name, load) for name, load in PARTS if name in wanted]
        chosen = {name for name, _load in parts}
        parts = [(name, load) for name, load in parts if WITHIN.get(name) not in chosen]
        if options["password"]:
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError("--password: " + " ".join(exc.messages)) from exc
        # One transaction: the demo appears whole or not at all, and thousands of audited writes
        # cost one durable commit instead of one each.
        with translation.override("en"):
            with transaction.atomic():
                report = events.load(password, events.first_day_in(starts_in))
                for _name, load_part in parts:
                    load_part(report)
            self._summary(report, starts_in)
            if options["basemap"] and any(name == "traffic" for name, _load in parts):
                built = traffic_demo.build_basemap(report.event)
                self.stdout.write(
                    report_line(built) if built else "  base map: already built (var/basemaps/)"
                )
            self._logins(report, options["url"], password, shown=not options["password"])
            self._second_factor(report, qr=not options["quiet_qr"])

    def _summary(self, report: LoadReport, starts_in: int) -> None:
        event = report.event
        self.stdout.write(self.style.SUCCESS(f"Demo event “{event.name}” ({event.slug})"))
        when = {0: "under way: day 1 is today", 1: "opens tomorrow"}.get(
            starts_in, f"opens in {starts_in} days"
        )
        self.stdout.write(
            f"  {event.starts_on:%d %b %Y} – {event.ends_on:%d %b %Y} ({when}), "
            f"{event.time_zone}; {event.sites.count()} sites, {event.zones.count()} zones, "
            f"{event.phases.count()} phases, {event.memberships.count()} members"
        )
        if report.replaced is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"  The stored demo was placed for {report.replaced:%d %b %Y}: it was removed "
                    "and loaded again for these dates (users and TOTP secrets kept)."
                )
            )
        for phase in event.phases.all():
            start, end = (t.astimezone(event.tzinfo) for t in (phase.starts_at, phase.ends_at))
            self.stdout.write(
                f"    {phase.kind:<7} {start:%d %b %H:%M} → {end:%d %b %H:%M}  {phase.name}"
            )

        def counts(counter: dict[str, int]) -> str:
            parts = (f"{n} {what if n == 1 else _plural(what)}" for what, n in counter.items())
            return ", ".join(parts) or "nothing"

        self.stdout.write(f"  created: {counts(report.created)}")
        self.stdout.write(f"  already there: {counts(report.kept)}")

    def _logins(self, report: LoadReport, url: str, password: str, *, shown: bool) -> None:
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
        for demo in (
            *accounts.USERS,
            command_demo.NATIONAL_COMMANDER,
            command_demo.PROVINCE_COMMANDER,
        ):
            if demo.about:
                self.stdout.write(f"  {demo.username} is {demo.about}.")

    def _second_factor(self, report: LoadReport, *, qr: bool) -> None:
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
        # Last, so it is the line above the server's log: the codes above expire in seconds.
        self.stdout.write("")
        self.stdout.write(
            self.style.MIGRATE_HEADING("A fresh code at any time")
            + " (the ones above are only valid for a few seconds):\n"
            "  .venv/bin/garrison demo_code USERNAME    (no USERNAME: every account with a code)"
        )


def _qr_block(data: str) -> str:
    """The QR code as text (half blocks, light on dark), so it works when stdout is not a TTY."""
    code = qrcode.QRCode(border=2)
    code.add_data(data)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def _plural(noun: str) -> str:
    """English plural of the report's nouns (category → categories, unit → units)."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"
