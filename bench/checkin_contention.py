"""Online scan decisions while phones catch up: the gate's answer beside four phones' uploads.

After a network cut every phone reconnects and uploads its backlog at once, while the queue at
the gate is longest. The server is started as the README's production section starts it for the
API (gunicorn, two worker processes, a thread pool each) on this machine's database (SQLite
unless DATABASE_URL says otherwise).

1. Alone: online scans offered at 300 per second for 10 s, nothing else running.
2. With the sync: the same 300 per second offered while four phones (four scanner devices at the
   same door) upload 100,000 offline scans over HTTP in batches of 500, as
   ``checkin_sync.py`` does; the online scans are offered for as long as the uploads run.

Latency is counted from the moment a scan was due (no coordinated omission). The online badges
and the uploaded ones belong to different people, so every online answer must be ``ok``: a
badge goes in when out and out when in. Afterwards it checks that the uploads lost nothing and
stored nothing twice, and that a batch sent again is answered ``duplicate`` item by item.
"""

from __future__ import annotations

import asyncio
import gc
import http.client
import json
import logging
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from _django import ROOT, free_port, gunicorn, percentile, setup, wait_up
from checkin_load import CLIENTS, Tally, _count, _exchange, _next_direction, _prepare, _request

RATE = 300
ALONE_SECONDS = 10.0
TOTAL = 100_000
BATCH = 500
PHONES = 4
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))


@dataclass
class Phones:
    tokens: list[str]
    bodies: list[list[str]]  # each phone's batches, encoded before the clock starts


def _phones(online_codes: list[str]) -> Phones:
    """Four more scanners at the demo scanner's door, and their backlogs: scans of badges whose
    holders the online scans never see (their presence is the uploads' own)."""
    from django.utils import timezone

    from garrison.accounts.models import Device, hash_token
    from garrison.accreditation.credentials.signing import decode
    from garrison.accreditation.models import Credential
    from garrison.checkin.models import Scanner

    demo = Scanner.objects.select_related("device__event", "checkpoint").get()
    event = demo.device.event
    tokens = []
    for n in range(PHONES):
        token = f"gd_bench_phone_{n}_{uuid.uuid4().hex}"
        device = Device.objects.create(
            event=event, name=f"Phone {n}", token_hash=hash_token(token), token_prefix=token[:8]
        )
        Scanner.objects.create(device=device, checkpoint=demo.checkpoint)
        tokens.append(token)
    online = {decode(code)[0].serial for code in online_codes}
    codes = list(
        Credential.objects.filter(event=event)
        .exclude(serial__in=online)
        .values_list("code", flat=True)[:400]
    )
    now = timezone.now().isoformat()
    batches = [
        json.dumps(
            {
                "items": [
                    {
                        "id": str(uuid.uuid4()),
                        "code": codes[(b * BATCH + i) % len(codes)],
                        "direction": "entry"
                        if ((b * BATCH + i) // len(codes)) % 2 == 0
                        else "exit",
                        "scanned_at": now,
                        "verdict": "ok",
                    }
                    for i in range(BATCH)
                ]
            }
        )
        for b in range(TOTAL // BATCH)
    ]
    print(f"  {len(online_codes)} online badges; uploads scan {len(codes)} other badges")
    return Phones(tokens, [batches[n::PHONES] for n in range(PHONES)])


def _upload(port: int, token: str, bodies: list[str]) -> list[bytes]:
    """One phone: its batches one after another on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    answers = []
    for body in bodies:
        connection.request("POST", "/api/v1/checkin/sync", body, headers)
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise SystemExit(f"sync answered {response.status}: {data[:200]!r}")
        answers.append(data)
    connection.close()
    return answers


async def _offer(port: int, token: str, codes: list[str], until: threading.Event | float) -> Tally:
    """Scans due at RATE per second, each on the first free connection, until ``until`` (a
    deadline, or an event set when the uploads end); a badge's next scan waits for its last."""
    tally = Tally()
    free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(CLIENTS):
        free.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    last_of: dict[str, asyncio.Task[None]] = {}

    async def one(code: str, due: float, before: asyncio.Task[None] | None) -> None:
        if before is not None:
            await before
        connection = await free.get()
        status, body = await _exchange(*connection, _request(token, code, _next_direction(code)))
        _count(tally, status, body, time.perf_counter() - due, code)
        free.put_nowait(connection)

    tasks = []
    start = time.perf_counter()
    n = 0
    while True:
        due = start + n / RATE
        if isinstance(until, float) and due >= until:
            break
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if isinstance(until, threading.Event) and until.is_set():
            break
        code = codes[n % len(codes)]
        task = asyncio.create_task(one(code, due, last_of.get(code)))
        last_of[code] = task
        tasks.append(task)
        n += 1
    await asyncio.gather(*tasks)
    while not free.empty():
        free.get_nowait()[1].close()
    return tally


def _line(name: str, tally: Tally, seconds: float) -> str:
    latencies = tally.latencies
    fivexx = sum(n for status, n in tally.statuses.items() if status >= 500)
    return (
        f"  {name:<22}{len(latencies) / seconds:6.0f}/s  p50 {percentile(latencies, 50) * 1e3:6.1f}"
        f"  p99 {percentile(latencies, 99) * 1e3:6.1f}  max {max(latencies) * 1e3:6.1f} ms"
        f"  wrong {tally.wrong}  5xx {fivexx}  locked {tally.locked}"
    )


def main() -> None:
    setup()
    logging.disable(logging.WARNING)
    from django.conf import settings

    from garrison.checkin.models import Scan

    db = settings.DATABASES["default"]
    print(
        f"online decisions at {RATE}/s offered, alone and while {PHONES} phones sync "
        f"{TOTAL:,} offline scans; gunicorn --workers {WORKERS}, {db['ENGINE'].rsplit('.', 1)[-1]}"
    )
    token, codes, _floor = _prepare()
    phones = _phones(codes)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if "sqlite" in db["ENGINE"]:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    port = free_port()
    server = gunicorn(port, env, WORKERS)
    gc.collect()  # the generator's own collector would count as the server's latency
    gc.freeze()
    gc.disable()
    os.sync()  # the demo was just written: its write-back would land in the measurement
    synced = threading.Event()
    took = [0.0]

    def sync_all() -> list[list[bytes]]:
        start = time.perf_counter()
        try:
            with ThreadPoolExecutor(PHONES) as pool:
                return list(pool.map(_upload, [port] * PHONES, phones.tokens, phones.bodies))
        finally:
            took[0] = time.perf_counter() - start
            synced.set()

    try:
        wait_up(port)
        start = time.perf_counter()
        alone = asyncio.run(_offer(port, token, codes, start + ALONE_SECONDS))
        alone_took = time.perf_counter() - start
        with ThreadPoolExecutor(1) as runner:
            uploads = runner.submit(sync_all)
            start = time.perf_counter()
            during = asyncio.run(_offer(port, token, codes, synced))
            during_took = time.perf_counter() - start
            parts = uploads.result()
        again = _upload(port, phones.tokens[0], [phones.bodies[0][0]])
    finally:
        gc.enable()
        server.terminate()
        server.wait()
    print(_line("alone", alone, alone_took))
    print(_line(f"while {PHONES} phones sync", during, during_took) + "   (target p99 ≤ 50 ms)")
    answers = [item for part in parts for data in part for item in json.loads(data)["items"]]
    stored = Scan.objects.filter(offline=True).count()
    online_ok = alone.statuses.get(201, 0) + during.statuses.get(201, 0)
    repeated = [item["status"] for item in json.loads(again[0])["items"]]
    print(
        f"  sync: {took[0]:.1f} s, {TOTAL / took[0]:,.0f} scans/s (target ≤ 15 s); stored "
        f"{stored:,} of {TOTAL:,} (lost {TOTAL - stored}), answers "
        f"{sorted({str(a['status']) for a in answers})}; resent batch "
        f"{repeated.count('duplicate')} of {BATCH} duplicate"
    )
    print(
        f"  online scans stored {Scan.objects.filter(offline=False).count():,} "
        f"for {online_ok:,} answered 201"
    )


if __name__ == "__main__":
    main()
