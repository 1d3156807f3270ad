"""``garrison simulate_counts EVENT``: post realistic counts as the demo's counting devices would.

Over HTTP to a running server (``--url``, the demo's by default), with each device's own token,
a batch per device per second, so the server's page, the live picture and the alerts move as
they would with real devices. The demo's devices have fixed tokens (``demo.sensors.demo_token``);
a device whose token is not the demo's is left out (its token exists only in the device).
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.parse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from garrison.accounts.models import hash_token
from garrison.demo.sensors import SILENT, demo_token
from garrison.events.models import Event
from garrison.sensors.models import CountingDevice
from garrison.sensors.simulation import Simulation


class Command(BaseCommand):
    help = "Post realistic counts as the event's demo counting devices, RATE messages a second."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("event", help="the event's short name (the demo: dai-hoi-2026)")
        parser.add_argument("--rate", type=int, default=10, help="messages per second, in all")
        parser.add_argument("--seconds", type=float, default=0, help="how long (0: until Ctrl-C)")
        parser.add_argument(
            "--growth",
            type=float,
            default=3.0,
            help="people per second the counted zones fill by (the lobby's crowd builds up)",
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="the server")
        parser.add_argument("--seed", type=int, help="random seed, for a repeatable run")

    def handle(self, *args: Any, **options: Any) -> None:
        event = Event.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"no event {options['event']!r}; load the demo first (make demo)")
        if not 1 <= options["rate"] <= 100_000:
            raise CommandError("--rate: from 1 to 100,000 messages a second")
        devices = [
            d
            for d in CountingDevice.objects.filter(event=event, revoked_at__isnull=True)
            .select_related("zone", "segment")
            .order_by("pk")
            if d.token_hash == hash_token(demo_token(d.name)) and d.name != SILENT
        ]
        if not devices:
            raise CommandError("no demo counting devices in this event (make demo loads them)")
        # A demonstration's dice, not a secret: a seeded PRNG makes a run repeatable.
        sim = Simulation.of(devices, random.Random(options["seed"]), options["growth"])  # noqa: S311
        url = urllib.parse.urlsplit(options["url"])
        connection = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80)
        path = url.path.rstrip("/") + "/api/v1/sensors/counts"
        per_device = max(1, options["rate"] // len(devices))
        stop = time.monotonic() + options["seconds"] if options["seconds"] else None
        self.stdout.write(
            f"{len(devices)} devices, {per_device * len(devices)} messages/s to {path}; Ctrl-C stops"
        )
        stored = duplicates = refused = 0
        try:
            while stop is None or time.monotonic() < stop:
                tick = time.monotonic()
                now = timezone.now()
                for device in devices:
                    body = json.dumps({"messages": sim.messages(device, now, per_device)})
                    connection.request(
                        "POST",
                        path,
                        body,
                        {
                            "Authorization": f"Bearer {demo_token(device.name)}",
                            "Content-Type": "application/json",
                        },
                    )
                    response = connection.getresponse()
                    answer = json.loads(response.read() or b"{}")
                    if response.status == 200:
                        stored += answer["stored"]
                        duplicates += answer["duplicates"]
                    else:
                        refused += per_device
                        self.stderr.write(f"{device.name}: {response.status} {answer}")
                time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        except KeyboardInterrupt:
            pass
        except OSError as error:
            raise CommandError(f"cannot reach {options['url']}: {error}") from error
        self.stdout.write(f"stored {stored}, duplicates {duplicates}, refused {refused}")
