"""Online scan decisions over HTTP against the server started as the README's production section
starts it for the API (gunicorn, a thread pool per worker process), on this machine's database (SQLite unless
DATABASE_URL says otherwise).

1. Closed loop: 64 clients, each with its own keep-alive connection and its own badges, scan as
   fast as the answers come (each badge goes in when out and out when in, so every answer
   must be ``ok``). Prints decisions per second, latency, wrong answers, 5xx and "database is locked".
2. Open loop: scans offered at a fixed 300 per second whatever the answers do; latency is
   counted from the moment a scan was due, so a stall shows in full (no coordinated omission).
3. The server processes' CPU time per decision beside the physical floor: one Ed25519
   verification plus one durable commit, both measured here.

The load generator is a small raw HTTP/1.1 client on the same two cores, so it takes its share.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import subprocess
import time
import uuid
from contextlib import suppress
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from _django import ROOT, free_port, gunicorn, percentile, scan_floor, setup, wait_up
from _gate import open_gate

CLIENTS = 64
CLOSED_SECONDS = 10.0
OPEN_RATE = 300
OPEN_SECONDS = 10.0
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SERVER = os.environ.get(
    "BENCH_SERVER", ""
)  # a running server's port: profile it yourself  # one per core on the 2-core machine


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    results: dict[str, int] = field(default_factory=dict)
    wrong: int = 0
    locked: int = 0


def _prepare() -> tuple[str, list[str], float]:
    """The demo, every badge that opens the demo scanner's hall valid today; returns the scanner
    token, the badge codes and the measured floor (verify + durable commit) in seconds."""
    from django.core.management import call_command

    from garrison.demo.checkin import DEMO_SCANNER_TOKEN

    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    codes = open_gate()
    verify, commit = scan_floor(codes[0])
    print(f"  floor: verify {verify * 1e6:.0f} µs + durable commit {commit * 1e6:.0f} µs")
    return DEMO_SCANNER_TOKEN, codes, verify + commit


def _cpu_seconds(root_pid: int) -> float:
    """User + system CPU of the server: the main process and its workers (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [root_pid]
    with suppress(OSError):
        children = Path(f"/proc/{root_pid}/task/{root_pid}/children").read_text().split()
        pids += [int(pid) for pid in children]
    total = 0.0
    for pid in pids:
        with suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _request(token: str, code: str, direction: str) -> bytes:
    body = json.dumps({"id": str(uuid.uuid4()), "code": code, "direction": direction}).encode()
    head = (
        "POST /api/v1/checkin/scans HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


_inside: dict[str, bool] = {}  # each badge's place after its last ``ok``: the next scan's way


def _next_direction(code: str) -> str:
    return "exit" if _inside.get(code) else "entry"


def _count(tally: Tally, status: int, body: bytes, latency: float, code: str) -> None:
    tally.latencies.append(latency)
    tally.statuses[status] = tally.statuses.get(status, 0) + 1
    if b"database is locked" in body:
        tally.locked += 1
    try:
        result = str(json.loads(body).get("result"))
    except ValueError:
        result = "?"
    tally.results[result] = tally.results.get(result, 0) + 1
    if status != 201 or result != "ok":
        tally.wrong += 1
    else:
        _inside[code] = not _inside.get(code, False)


async def _closed_loop(port: int, token: str, codes: list[str]) -> tuple[Tally, float]:
    tally = Tally()
    deadline = time.perf_counter() + CLOSED_SECONDS

    async def client(mine: list[str]) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.perf_counter() < deadline:
            for code in mine:
                start = time.perf_counter()
                request = _request(token, code, _next_direction(code))
                status, body = await _exchange(reader, writer, request)
                _count(tally, status, body, time.perf_counter() - start, code)
        writer.close()

    start = time.perf_counter()
    # Each client its own badges: its entries and exits alternate, so every answer is ``ok``.
    await asyncio.gather(*(client(codes[i::CLIENTS]) for i in range(CLIENTS)))
    return tally, time.perf_counter() - start


async def _open_loop(port: int, token: str, codes: list[str]) -> Tally:
    """Scans due at a fixed rate, each on the first free connection; the badge of scan ``n`` is
    ``codes[n % len]``, going out if it is in and in if it is out, as at a real gate."""
    tally = Tally()
    total = int(OPEN_RATE * OPEN_SECONDS)
    free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(CLIENTS):
        free.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    last_of: dict[str, asyncio.Task[None]] = {}
    start = time.perf_counter()

    async def one(n: int, due: float, before: asyncio.Task[None] | None) -> None:
        if before is not None:
            await before  # the same badge's previous scan answered first, as at one gate
        connection = await free.get()
        code = codes[n % len(codes)]
        status, body = await _exchange(*connection, _request(token, code, _next_direction(code)))
        _count(tally, status, body, time.perf_counter() - due, code)
        free.put_nowait(connection)

    tasks = []
    for n in range(total):
        due = start + n / OPEN_RATE
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        code = codes[n % len(codes)]
        task = asyncio.create_task(one(n, due, last_of.get(code)))
        last_of[code] = task
        tasks.append(task)
    await asyncio.gather(*tasks)
    while not free.empty():
        free.get_nowait()[1].close()
    return tally


def _report(tally: Tally) -> None:
    latencies = tally.latencies
    print(
        f"    latency p50 / p99:  {percentile(latencies, 50) * 1000:6.1f} / "
        f"{percentile(latencies, 99) * 1000:6.1f} ms"
    )
    fivexx = sum(n for status, n in tally.statuses.items() if status >= 500)
    print(
        f"    answers: {dict(sorted(tally.results.items()))}; wrong {tally.wrong}, "
        f"5xx {fivexx}, 'database is locked' {tally.locked}"
    )


def main() -> None:
    setup()
    logging.disable(logging.WARNING)
    from django.conf import settings

    db = settings.DATABASES["default"]
    print(f"online scan decisions over HTTP, gunicorn --workers {WORKERS}, {db['ENGINE']}")
    token, codes, floor = _prepare()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if "sqlite" in db["ENGINE"]:
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    if SERVER:  # the caller runs the server (e.g. under a profiler) on this database
        print(f"  DATABASE_URL={env.get('DATABASE_URL', '')}; waiting for port {SERVER}")
    port = int(SERVER) if SERVER else free_port()
    server = subprocess.Popen(["sleep", "3600"]) if SERVER else gunicorn(port, env, WORKERS)  # noqa: S607
    # The generator's own collector would stop every client at once (a full collection of this
    # process — the demo, Django — measured 150 ms), and that pause would count as the server's
    # latency. Its garbage is small for 20 seconds: collect it afterwards.
    gc.collect()
    gc.freeze()
    gc.disable()
    # The demo was just written: flush it now, or the kernel's write-back of it lands in the
    # middle of the measurement and every durable commit waits behind it.
    os.sync()
    try:
        wait_up(port)
        cpu_before = _cpu_seconds(server.pid)
        tally, took = asyncio.run(_closed_loop(port, token, codes))
        cpu = _cpu_seconds(server.pid) - cpu_before
        done = len(tally.latencies)
        print(f"  closed loop, {CLIENTS} clients, {len(codes)} badges, {took:.1f} s:")
        print(f"    decisions/s:        {done / took:8.0f}   (target ≥ 1,000)")
        _report(tally)
        per = cpu / done
        print(
            f"    server CPU/decision:{per * 1e6:8.0f} µs = {per / floor:.1f}× the floor "
            f"({floor * 1e6:.0f} µs)"
        )
        tally = asyncio.run(_open_loop(port, token, codes))
        print(
            f"  open loop, {OPEN_RATE} scans/s offered for {OPEN_SECONDS:.0f} s (target p99 ≤ 25 ms):"
        )
        _report(tally)
    finally:
        gc.enable()
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
