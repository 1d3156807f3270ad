"""400 badges to one PDF (A6 and CR80): seconds for the batch and per badge. Target: ≤ 10 s.

Also the same batch as the officer starts it, a job (``badge_jobs``) writing its progress to the
database as it builds: what the progress bar costs on top.
"""

from __future__ import annotations

import logging
import time
from io import StringIO

from _django import setup


def main() -> None:
    setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    from garrison.accounts.models import Membership, Role
    from garrison.accreditation.badges import pdf as badges
    from garrison.accreditation.badges import services as badge_jobs
    from garrison.events.models import Event

    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    event = Event.objects.get(slug="dai-hoi-2026")
    rows = badges.printable(event)[:400]
    for layout in ("a6", "cr80"):
        start = time.perf_counter()
        data = badges.render(event, rows, layout)
        took = time.perf_counter() - start
        print(
            f"{layout:<5} {len(rows)} badges: {took:.2f} s ({took / len(rows) * 1000:.1f} ms each), "
            f"{len(data) / 1e6:.1f} MB  (target ≤ 10 s)"
        )
    officer = Membership.objects.filter(event=event, role=Role.ACCREDITATION_OFFICER).first()
    assert officer is not None  # the demo has one
    writes: list[int] = []
    start = time.perf_counter()
    job = badge_jobs.start_job(officer, "a6", background=False)
    job = badge_jobs.execute_job(job.pk, observe=writes.append)
    took = time.perf_counter() - start
    print(
        f"job   {job.done}/{job.total} badges: {took:.2f} s, {len(writes)} progress writes "
        f"(every {badge_jobs.PROGRESS_EVERY} s), state {job.state}  (target ≤ 10 s)"
    )


if __name__ == "__main__":
    main()
