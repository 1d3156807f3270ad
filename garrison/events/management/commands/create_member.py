"""``garrison create_member EVENT USERNAME ROLE``: give someone a role in an event from a script.

It lives in events, not accounts, because it names the event: accounts sits below events and
reaches an event only through a membership.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from garrison.accounts.models import Role
from garrison.accounts.services import ensure_member_as_system
from garrison.core.errors import DomainError
from garrison.events.models import Event


class Command(BaseCommand):
    help = (
        "Create the user if missing and give them ROLE in the event. An existing user's "
        "password is never changed. Audited as the system."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's short name (slug)")
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument(
            "--password",
            help=(
                "initial password for a new user (or set GARRISON_MEMBER_PASSWORD, which keeps "
                "it out of the process list); without one the account cannot log in yet"
            ),
        )
        parser.add_argument(
            "--unit",
            type=int,
            default=None,
            help="the id of one of the event's units; required for unit_commander and field_officer",
        )
        parser.add_argument("--full-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with the short name {options['event']!r}.")
        password = options["password"] or os.environ.get("GARRISON_MEMBER_PASSWORD") or None
        try:
            membership, created = ensure_member_as_system(
                event,
                options["username"],
                options["role"],
                password=password,
                unit_id=options["unit"],
                full_name=options["full_name"],
            )
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}") from error
        user = membership.user
        if created:
            self.stdout.write(f"Created user {user.get_username()} (id {user.pk}).")
            if not user.has_usable_password():
                self.stdout.write("No password given: set one with `garrison changepassword`.")
        elif password:
            self.stdout.write("The user exists already; the password was left unchanged.")
        self.stdout.write(
            f"{user.get_username()} is {membership.role} in {event.slug}"
            + (f" (unit {membership.unit_id})." if membership.unit_id else ".")
        )
