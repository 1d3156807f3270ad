"""Server time of the foundation's busiest reads on the demo congress, through the full stack
(middleware, sessions, templates) with Django's test client: p50 and p95 over repeated calls.
"""

from __future__ import annotations

import time

from _django import percentile, setup

setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from garrison.accounts.models import User  # noqa: E402
from garrison.demo import events as demo_events  # noqa: E402

ROUNDS = 200


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver"]
    event = demo_events.load().event
    user = User.objects.get(username="commander")
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    slug = {"event": event.slug}
    pages = {
        "dashboard": reverse("events:dashboard", kwargs=slug),
        "map": reverse("events:map", kwargs=slug),
        "geojson": reverse("events:geojson", kwargs=slug),
        "api sites": reverse("api:site_list", kwargs=slug),
        "audit log": reverse("audit:list", kwargs=slug),
    }
    print(f"{'page':<12} {'p50 ms':>8} {'p95 ms':>8}  ({ROUNDS} requests each)")
    for name, url in pages.items():
        samples = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        print(
            f"{name:<12} {percentile(samples, 50) * 1000:8.1f} {percentile(samples, 95) * 1000:8.1f}"
        )


if __name__ == "__main__":
    main()
