"""The README's production topology, started as written and shaken: ``python scripts/topology.py``.

It reads the ``sh`` block of the README's Production section and runs it line by line: the
``export`` line (``DATABASE_URL`` and ``REDIS_URL``, whose hosts the README only gives as
examples, come from this environment and must name a PostgreSQL database the script may fill and
a Redis; a value the README leaves to the operator, ``...``, is made up), the set-up commands, then the long-running ones in the
background: gunicorn (two processes), uvicorn and ``garrison worker``. ``pip install .`` is the one
line it does not run: this checkout is installed into ``.venv`` already (``make install``).

Then, through those processes only (HTTP on the README's ports, as the reverse proxy would
forward it), a smoke scenario: the commander logs in with password and second factor, a scan and a
sync of offline scans, a public tip that reaches a live socket on the uvicorn process through
Redis, and a badge batch that the worker builds. Then the faults: the worker is killed with
SIGKILL in the middle of a batch and started again, and the batch still finishes; a gunicorn
process is killed in the middle of a stream of syncs, the phones resend what was not answered,
and every scan the server acknowledged is stored exactly once. Exit status 0 when all of it
holds; each step prints what it proved.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import requests
from websockets.sync.client import connect as ws_connect

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "garrison.example.org"
ORIGIN = f"https://{HOST}"
WEB, SOCKETS = 8001, 8002  # the README's gunicorn and uvicorn ports
LONG_RUNNING = ("gunicorn", "uvicorn", "garrison worker")


def say(text: str) -> None:
    print(f"topology: {text}", flush=True)


def fail(text: str) -> NoReturn:
    raise SystemExit(f"topology: FAILED: {text}")


# --- The README ---------------------------------------------------------------------------------


def readme_lines() -> list[str]:
    """The commands of the Production section's ``sh`` block, continuation lines joined."""
    production = (ROOT / "README.md").read_text(encoding="utf-8").split("## Production", 1)[1]
    match = re.search(r"```sh\n(.*?)```", production, re.S)
    if match is None:
        fail("the README's Production section has no sh block")
    lines: list[str] = []
    pending = ""
    for raw in match.group(1).splitlines():
        text = re.sub(r"\s+#.*$", "", raw).strip()
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        if pending + text:
            lines.append(pending + text)
        pending = ""
    return lines


def environment(exports: str, var: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not env.get(name):
            fail(f"{name} must name the PostgreSQL database / Redis this script may use")
    for assignment in shlex.split(exports)[1:]:
        name, value = assignment.split("=", 1)
        if name in ("DATABASE_URL", "REDIS_URL"):  # the README's hosts are examples
            value = env[name]
        elif "..." in value:  # left to the operator
            value = secrets.token_urlsafe(48)
        env[name] = value
    env["GARRISON_VAR_DIR"] = str(var)
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    return env


# --- Processes ----------------------------------------------------------------------------------


class Processes:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, line: str) -> None:
        name = next(word for word in LONG_RUNNING if line.startswith(word))
        log = (self.logs / f"{name.replace(' ', '-')}.log").open("ab")
        self.running[name] = subprocess.Popen(  # noqa: S603 - the README's own command
            shlex.split(line),
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        say(f"started {line}")

    def children(self, name: str) -> list[int]:
        pid = self.running[name].pid
        with suppress(OSError):
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
            return [int(child) for child in text.split()]
        return []

    def stop(self) -> None:
        for process in self.running.values():
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def tail(self) -> None:
        for log in sorted(self.logs.glob("*.log")):
            print(f"--- {log.name}\n" + log.read_text(errors="replace")[-3000:], file=sys.stderr)


def run(line: str, env: dict[str, str]) -> None:
    say(f"$ {line}")
    subprocess.run(shlex.split(line), cwd=ROOT, env=env, check=True)  # noqa: S603


def until(what: str, check: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(requests.RequestException, OSError):
            if check():
                return
        time.sleep(0.2)
    fail(f"{what} did not happen within {seconds:.0f} s")


# --- A browser's and a phone's view of the web process -----------------------------------------


class Web:
    """Requests as the reverse proxy forwards them: the public host name, HTTPS, cookies kept
    (the production cookies are Secure, so a plain HTTP client would drop them)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": ORIGIN,
            "Referer": ORIGIN + path,
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            f"http://127.0.0.1:{WEB}{path}",
            headers=headers,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        self.cookies.update({cookie.name: str(cookie.value) for cookie in response.cookies})
        return response

    def form(self, path: str, data: dict[str, str]) -> requests.Response:
        """GET the page (for the CSRF cookie), POST the form, follow the redirects."""
        self.request("GET", path)
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        response = self.request("POST", path, data=data)
        while response.status_code in (301, 302, 303):
            target = urlsplit(response.headers["Location"])
            response = self.request(
                "GET", target.path + (f"?{target.query}" if target.query else "")
            )
        return response


def scan_item(code: str, direction: str = "entry") -> dict[str, Any]:
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    return {
        "id": str(uuid.uuid4()),
        "code": code,
        "direction": direction,
        "scanned_at": now,
        "verdict": "ok",
    }


# --- The scenario -------------------------------------------------------------------------------


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """The demo congress in the production database (loaded with the demo's own settings: the
    production ones refuse its published password), as this script's data."""
    demo_env = {k: v for k, v in env.items() if k != "GARRISON_PRODUCTION"}
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--prepare"],
        cwd=ROOT,
        env=demo_env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def _prepare_here() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import django
    from _gate import open_gate

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
    django.setup()
    from io import StringIO

    from django.core.management import call_command

    from garrison.core.models import LiveEvent
    from garrison.demo.accounts import DEFAULT_PASSWORD, demo_totp_key
    from garrison.demo.checkin import DEMO_SCANNER_TOKEN
    from garrison.demo.events import EVENT_SLUG

    call_command("load_demo", "--quiet-qr", stdout=StringIO())
    codes = open_gate()
    last = LiveEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    print(
        json.dumps(
            {
                "event": EVENT_SLUG,
                "token": DEMO_SCANNER_TOKEN,
                "codes": codes,
                "password": DEFAULT_PASSWORD,
                "login": "commander",
                "totp": demo_totp_key("commander"),
                "last": last,
            }
        )
    )


def log_in(data: dict[str, Any]) -> Web:
    """The commander, through the login page and the second factor."""
    from django_otp.oath import totp

    web = Web()
    step = web.form("/accounts/login/", {"username": data["login"], "password": data["password"]})
    if "/accounts/otp/" not in step.url:
        fail(f"the commander's password led to {step.url}, not to the second factor")
    code = f"{totp(bytes.fromhex(data['totp'])):06d}"
    landed = web.form(urlsplit(step.url).path, {"code": code})
    if landed.status_code != 200 or f"/e/{data['event']}/" not in landed.url:
        fail(f"the commander's login ended at {landed.url} ({landed.status_code})")
    say("the commander logged in with password and second factor through gunicorn")
    return web


def scans(data: dict[str, Any]) -> None:
    phone = {"Authorization": f"Bearer {data['token']}"}
    web = Web()
    one = {"id": str(uuid.uuid4()), "code": data["codes"][0], "direction": "entry"}
    answer = web.request("POST", "/api/v1/checkin/scans", json=one, headers=phone)
    if answer.status_code != 201 or answer.json()["result"] != "ok":
        fail(f"an online scan answered {answer.status_code} {answer.text[:200]}")
    batch = [scan_item(code) for code in data["codes"][1:51]]
    synced = web.request("POST", "/api/v1/checkin/sync", json={"items": batch}, headers=phone)
    stored = [item["status"] for item in synced.json()["items"]]
    if synced.status_code != 200 or stored != ["stored"] * len(batch):
        fail(f"a sync answered {synced.status_code} {synced.text[:200]}")
    say(f"a scan and a sync of {len(batch)} offline scans were stored")


def tip_reaches_a_live_socket(data: dict[str, Any], web: Web) -> None:
    """A tip posted to a gunicorn process arrives on a socket held by the uvicorn process."""
    cookie = "; ".join(f"{k}={v}" for k, v in web.cookies.items())
    url = f"ws://127.0.0.1:{SOCKETS}/ws/events/{data['event']}/live/?last={data['last']}"
    headers = {"Cookie": cookie, "Origin": ORIGIN, "Host": HOST, "X-Forwarded-Proto": "https"}
    with ws_connect(url, additional_headers=headers, open_timeout=20) as socket:
        what = f"Smoke from a kitchen vent {uuid.uuid4().hex[:6]}"
        public = Web()
        sent = time.monotonic()
        thanks = public.form(f"/tip/?e={data['event']}", {"what": what, "where": "Gate 2"})
        if thanks.status_code != 200:
            fail(f"the public tip form answered {thanks.status_code}")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            message = json.loads(socket.recv(timeout=deadline - time.monotonic()))
            if message.get("kind") == "ops.incident.created":
                say(
                    "a public tip posted to gunicorn reached a live socket on uvicorn in "
                    f"{(time.monotonic() - sent) * 1000:.0f} ms"
                )
                return
    fail("the tip never reached the live socket")


def badge_batch(web: Web, data: dict[str, Any], processes: Processes, worker: str) -> None:
    """A batch of every badge, its worker killed with SIGKILL mid-build and started again."""
    base = f"/e/{data['event']}/accreditation/badges/"
    page = web.form(base + "batches/", {"layout": "a6"})
    match = re.search(r"/badges/batches/(\d+)/", page.url)
    if page.status_code != 200 or match is None:
        fail(f"starting a badge batch ended at {page.url} ({page.status_code})")
    progress = f"{base}batches/{match.group(1)}/progress/"

    def built(pattern: str) -> bool:
        text = web.request("GET", progress).text
        if 'data-state="failed"' in text:
            fail("the badge batch failed")
        return re.search(pattern, text) is not None

    until("the worker starting the batch", lambda: built(r'<progress[^>]* value="[1-9]'), 120)
    if built('data-state="done"'):
        fail("the batch was built before the worker could be killed in the middle of it")
    os.killpg(processes.running["garrison worker"].pid, signal.SIGKILL)
    processes.running["garrison worker"].wait()
    say("the worker was killed with SIGKILL in the middle of the batch")
    processes.start(worker)
    until("the batch finishing after the restart", lambda: built('data-state="done"'), 180)
    pdf = web.request("GET", f"{base}batches/{match.group(1)}/badges.pdf")
    if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
        fail(f"the finished batch's PDF answered {pdf.status_code}")
    say(f"the restarted worker finished the batch: a PDF of {len(pdf.content) // 1024} KiB")


def syncs_survive_a_killed_web_process(data: dict[str, Any], processes: Processes) -> None:
    """Phones keep syncing while a gunicorn process dies; what was answered is stored once."""
    phone = {"Authorization": f"Bearer {data['token']}"}
    acknowledged: set[str] = set()
    errors: list[str] = []
    stop = threading.Event()

    def one_phone(codes: list[str]) -> None:
        web = Web()
        outbox = [scan_item(code, "exit") for code in codes]
        while outbox and not stop.is_set():
            batch, outbox = outbox[:20], outbox[20:]
            while not stop.is_set():
                try:
                    answer = web.request(
                        "POST", "/api/v1/checkin/sync", json={"items": batch}, headers=phone
                    )
                except requests.RequestException:
                    time.sleep(0.2)  # the phone keeps its outbox and sends it again
                    continue
                if answer.status_code >= 500:
                    time.sleep(0.2)
                    continue
                if answer.status_code != 200:
                    errors.append(f"{answer.status_code} {answer.text[:200]}")
                    return
                acknowledged.update(
                    item["id"] for item in answer.json()["items"] if item["status"] != "rejected"
                )
                break

    codes = data["codes"][51:]
    phones = [threading.Thread(target=one_phone, args=(codes[i::4],)) for i in range(4)]
    for thread in phones:
        thread.start()
    until("the phones' first answers", lambda: len(acknowledged) >= 40, 60)
    victims = processes.children("gunicorn")
    if not victims:
        fail("gunicorn runs no worker processes to kill")
    os.kill(victims[0], signal.SIGKILL)
    say(f"a gunicorn process ({victims[0]}) was killed with SIGKILL during the syncs")
    for thread in phones:
        thread.join(timeout=240)
    stop.set()
    if errors:
        fail(f"a sync was refused: {errors[0]}")
    stored = stored_scan_ids(processes.env, acknowledged)
    if stored != len(acknowledged):
        fail(f"{len(acknowledged)} scans acknowledged, {stored} stored")
    say(f"all {len(acknowledged)} acknowledged scans are stored, each once")


def stored_scan_ids(env: dict[str, str], ids: set[str]) -> int:
    import psycopg

    url = env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url) as db:
        rows = db.execute(
            "SELECT client_id::text, count(*) FROM checkin_scan WHERE client_id::text = ANY(%s) "
            "GROUP BY client_id",
            (list(ids),),
        ).fetchall()
    if any(count != 1 for _id, count in rows):
        fail("a scan is stored twice")
    return len(rows)


def main() -> None:
    if "--prepare" in sys.argv:
        _prepare_here()
        return
    lines = readme_lines()
    var = Path(tempfile.mkdtemp(prefix="garrison-topology-"))
    env = environment(next(line for line in lines if line.startswith("export ")), var)
    processes = Processes(env, var)
    servers = [line for line in lines if line.startswith(LONG_RUNNING)]
    try:
        for line in lines:
            if line.startswith("pip install"):
                say(f"skipped {line!r}: this checkout is installed into .venv (make install)")
            elif not line.startswith(("export ", *LONG_RUNNING)):
                run(line, env)
        data = prepare(env)  # after the set-up lines, before the first server
        for line in servers:
            processes.start(line)
        if sorted(processes.running) != sorted(LONG_RUNNING):
            fail(f"the README starts {sorted(processes.running)}, not {list(LONG_RUNNING)}")
        for port in (WEB, SOCKETS):
            until(f"the server on {port} answering", partial(healthy, port))
        commander = log_in(data)
        scans(data)
        tip_reaches_a_live_socket(data, commander)
        worker = next(line for line in servers if line.startswith("garrison worker"))
        badge_batch(commander, data, processes, worker)
        syncs_survive_a_killed_web_process(data, processes)
        say("all green")
    except BaseException:
        processes.tail()
        raise
    finally:
        processes.stop()


def healthy(port: int) -> bool:
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    return requests.get(f"http://127.0.0.1:{port}/healthz", headers=headers, timeout=5).ok


if __name__ == "__main__":
    main()
