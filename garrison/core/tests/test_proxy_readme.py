"""The README's nginx block and the trusted-proxy setting, tested together.

A client behind the documented proxy may send its own ``X-Forwarded-For`` naming a new address
each time. The block must make nginx replace it, so that ``garrison.wsgi``'s ``ForwardedFor``
(trusting the last entry from a trusted peer) hands every throttle the real client: the login
lock-out and the tip limit still trigger per client. Tested twice: with the headers the parsed
block makes nginx send, and, where nginx is installed, through nginx itself running the block.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.db import connections
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

import garrison
from garrison.accounts.models import User
from garrison.conftest import PASSWORD, make_event
from garrison.core.proxy import behind_proxy
from garrison.events.models import Event
from garrison.ops.models import OpsSettings

README = Path(garrison.__file__).parent.parent / "README.md"
LOGIN_FAILURE_LIMIT = 5  # AXES_FAILURE_LIMIT's default


# --- The block, as nginx reads it ------------------------------------------------------------


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list[Directive] | None = None

    def render(self, indent: str = "") -> str:
        args = " ".join(self.args)
        if self.block is None:
            return f"{indent}{self.name} {args};\n"
        inner = "".join(d.render(indent + "    ") for d in self.block)
        return f"{indent}{self.name} {args} {{\n{inner}{indent}}}\n"


def readme_block() -> str:
    production = README.read_text(encoding="utf-8").split("## Production", 1)[1]
    match = re.search(r"```nginx\n(.*?)```", production, re.S)
    assert match, "the README's Production section has no nginx block"
    return match.group(1)


def parse(text: str) -> list[Directive]:
    """nginx's configuration syntax: directives ending in ``;``, blocks in braces, comments."""
    tokens = re.findall(r"#[^\n]*|'[^']*'|\"[^\"]*\"|[{};]|[^\s{};]+", text)
    stack: list[list[Directive]] = [[]]
    words: list[str] = []
    for token in tokens:
        if token.startswith("#"):
            continue
        if token == ";":
            stack[-1].append(Directive(words[0], words[1:]))
            words = []
        elif token == "{":
            children: list[Directive] = []
            stack[-1].append(Directive(words[0], words[1:], children))
            stack.append(children)
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token)
    assert len(stack) == 1 and not words, "unbalanced nginx block"
    return stack[0]


def proxy_headers(directives: Iterable[Directive]) -> dict[str, str]:
    return {
        d.args[0].lower(): " ".join(d.args[1:]) for d in directives if d.name == "proxy_set_header"
    }


def location_for(path: str, directives: list[Directive]) -> Directive:
    """The prefix location nginx picks for ``path``: the longest that matches."""
    locations = [d for d in directives if d.name == "location" and len(d.args) == 1]
    matching = [d for d in locations if path.startswith(d.args[0])]
    assert matching, f"no location of the README's block serves {path}"
    return max(matching, key=lambda d: len(d.args[0]))


def forwarded_for(location: Directive, server: list[Directive], client: str, sent: str) -> str:
    """The X-Forwarded-For nginx sends upstream for a client at ``client`` that sent ``sent``.

    A location inherits the server's proxy_set_header lines only if it sets none of its own;
    a header nobody sets is passed on as the client sent it.
    """
    own = proxy_headers(location.block or [])
    value = (own or proxy_headers(server)).get("x-forwarded-for")
    if value is None:
        return sent
    if value == "$remote_addr":
        return client
    if value == "$proxy_add_x_forwarded_for":
        return f"{sent}, {client}" if sent else client
    pytest.fail(f"the README sets X-Forwarded-For to {value}, which this test cannot follow")


def test_every_proxied_location_replaces_the_clients_forwarded_for() -> None:
    directives = parse(readme_block())
    locations = [d for d in directives if d.name == "location"]
    assert locations
    for location in locations:
        if any(d.name == "proxy_pass" for d in location.block or []):
            headers = proxy_headers(location.block or []) or proxy_headers(directives)
            assert headers.get("x-forwarded-for") == "$remote_addr", location.args


# --- Driving the real throttles with what that block sends ------------------------------------


class ThroughProxy:
    """A test client's handler behind ``garrison.wsgi``'s ForwardedFor, as gunicorn runs it.

    Every request arrives from nginx on this machine (REMOTE_ADDR 127.0.0.1, a trusted peer)
    with the X-Forwarded-For the README's block makes for client ``client``, who has also
    sent a forged one of their own — a different address each time.
    """

    def __init__(self, inner: Callable[[dict[str, Any]], Any], client: str) -> None:
        self.inner = inner
        self.client = client
        self.forgeries = 0
        self.seen: list[str] = []
        directives = parse(readme_block())
        self.server = [d for d in directives if d.name != "map"]
        self.app = behind_proxy(self._app)

    def _app(self, environ: dict[str, Any], start_response: object) -> HttpResponse:
        self.seen.append(environ["REMOTE_ADDR"])
        response: HttpResponse = self.inner(environ)
        return response

    def __call__(self, environ: dict[str, Any]) -> HttpResponse:
        self.forgeries += 1
        forged = f"10.9.{self.forgeries // 250}.{self.forgeries % 250 + 1}"
        location = location_for(environ["PATH_INFO"], self.server)
        environ["REMOTE_ADDR"] = "127.0.0.1"
        environ["HTTP_X_FORWARDED_FOR"] = forwarded_for(location, self.server, self.client, forged)
        response: HttpResponse = self.app(environ, lambda *a: None)
        return response


def client_behind_readme_proxy(client: str) -> tuple[Client, ThroughProxy]:
    browser = Client()
    proxy = ThroughProxy(browser.handler, client)
    browser.handler = proxy  # type: ignore[assignment]
    return browser, proxy


def test_the_login_lock_out_triggers_per_client_behind_the_readme_proxy(viewer: User) -> None:
    browser, proxy = client_behind_readme_proxy("203.0.113.50")
    data = {"username": viewer.get_username(), "password": "wrong password"}
    statuses = [
        browser.post(reverse("accounts:login"), data).status_code
        for _ in range(LOGIN_FAILURE_LIMIT)
    ]
    assert statuses == [400] * (LOGIN_FAILURE_LIMIT - 1) + [429]
    right = {"username": viewer.get_username(), "password": PASSWORD}
    assert browser.post(reverse("accounts:login"), right).status_code == 429
    assert set(proxy.seen) == {"203.0.113.50"}  # every request, despite its forged header
    # Another client, the same account, the same proxy: not locked out.
    other, _ = client_behind_readme_proxy("203.0.113.51")
    assert other.post(reverse("accounts:login"), right).status_code == 302


def test_the_tip_limit_triggers_per_client_behind_the_readme_proxy(
    event: Event, settings: Any
) -> None:
    OpsSettings.objects.create(event=event, tips_open=True)
    settings.GARRISON_TIP_LIMIT = 3
    browser, proxy = client_behind_readme_proxy("203.0.113.60")
    tip = {"what": "A bag left under the bench", "where": "North gate"}
    statuses = [browser.post("/tip/", tip).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert set(proxy.seen) == {"203.0.113.60"}
    other, _ = client_behind_readme_proxy("203.0.113.61")
    assert other.post("/tip/", tip).status_code == 200


def test_the_lock_out_reads_the_same_address_as_the_tip_limit() -> None:
    """django-axes takes the client from REMOTE_ADDR (no AXES_CLIENT_IP_CALLABLE, no ipware
    reading X-Forwarded-For itself), which ForwardedFor has set; so does the tip limit."""
    # axes.conf sets these on Django's settings, which the type checker does not know.
    axes: Any = settings
    assert axes.AXES_CLIENT_IP_CALLABLE is None
    assert tuple(axes.AXES_IPWARE_META_PRECEDENCE_ORDER) == ("REMOTE_ADDR",)
    seen: list[dict[str, Any]] = []
    app = behind_proxy(lambda environ, start: seen.append(environ) or [])  # type: ignore[func-returns-value]
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_X_FORWARDED_FOR": "10.9.9.9, 203.0.113.70",
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/accounts/login/",
        "wsgi.input": io.BytesIO(b""),
    }
    app(environ, lambda *a: None)
    request = WSGIRequest(seen[0])
    assert get_client_ip_address(request) == request.META["REMOTE_ADDR"] == "203.0.113.70"


# --- Through nginx itself --------------------------------------------------------------------

NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


@dataclass
class Nginx:
    port: int
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    forgeries: int = 0

    def request(
        self,
        source: str,
        method: str,
        path: str,
        body: dict[str, str] | None = None,
        upload: tuple[str, bytes] | None = None,
    ) -> tuple[int, str]:
        """A request from a client at ``source`` (a loopback address of its own), forging an
        X-Forwarded-For and keeping its cookies and CSRF token like a browser. ``body`` is
        sent as a form, ``upload`` as (content type, bytes)."""
        jar = self.cookies.setdefault(source, {})
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(source, 0)
        )
        self.forgeries += 1
        headers = {"X-Forwarded-For": f"10.9.{self.forgeries // 250}.{self.forgeries % 250 + 1}"}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        data: str | bytes | None = None
        if body is not None:
            upload = ("application/x-www-form-urlencoded", urllib.parse.urlencode(body).encode())
        if upload is not None:
            headers["Content-Type"], data = upload
            headers["X-CSRFToken"] = jar.get("csrftoken", "")
        connection.request(method, path, data, headers)
        response = connection.getresponse()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            jar[name] = rest.split(";", 1)[0]
        text = response.read().decode(errors="replace")
        connection.close()
        return response.status, text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def app_server(transactional_db: Any) -> Iterator[int]:
    """garrison.wsgi's application (ForwardedFor over Django) on a port of its own."""

    class Server(WSGIServer):
        def process_request(self, request: Any, client_address: Any) -> None:
            try:
                super().process_request(request, client_address)
            finally:
                connections.close_all()

    server = make_server(
        "127.0.0.1",
        0,
        behind_proxy(WSGIHandler()),
        server_class=Server,
        handler_class=_QuietHandler,
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def nginx(app_server: int, tmp_path: Path) -> Iterator[Nginx]:
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed (CI installs it)")
    directives = parse(readme_block())
    for location in directives:
        for d in location.block or []:
            if d.name == "proxy_pass":  # the README's gunicorn (8001) is the test's server
                d.args = [re.sub(r":8001\b", f":{app_server}", d.args[0])]
    http_level = "".join(d.render("    ") for d in directives if d.name == "map")
    server_level = "".join(d.render("        ") for d in directives if d.name != "map")
    port = _free_port()
    temp = tmp_path / "temp"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n"
        + "".join(
            f"    {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"{http_level}    server {{\n        listen 127.0.0.1:{port};\n{server_level}    }}\n}}\n"
    )
    process = subprocess.Popen(  # noqa: S603 - the system's nginx, our own configuration
        [NGINX, "-e", str(tmp_path / "error.log"), "-c", str(conf), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    errors = process.stderr.read().decode() if process.stderr else ""
                    log_file = tmp_path / "error.log"
                    log = log_file.read_text() if log_file.exists() else ""
                    pytest.fail(f"nginx did not start with the README's block: {errors}{log}")
                time.sleep(0.02)
        yield Nginx(port)
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_through_nginx_running_the_readme_block_each_client_meets_its_limits(
    nginx: Nginx, settings: Any
) -> None:
    viewer = User.objects.create_user(username="viewer-nginx", password=PASSWORD)
    OpsSettings.objects.create(event=make_event(), tips_open=True)
    settings.GARRISON_TIP_LIMIT = 2
    login = reverse("accounts:login")
    wrong = {"username": viewer.get_username(), "password": "wrong password"}

    nginx.request("127.0.0.2", "GET", login)  # the CSRF cookie, as a browser gets it
    statuses = [nginx.request("127.0.0.2", "POST", login, wrong)[0] for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]
    nginx.request("127.0.0.3", "GET", login)
    right = {"username": viewer.get_username(), "password": PASSWORD}
    assert nginx.request("127.0.0.3", "POST", login, right)[0] == 302

    nginx.request("127.0.0.4", "GET", "/tip/")
    tip = {"what": "A bag left under the bench", "where": "North gate"}
    assert [nginx.request("127.0.0.4", "POST", "/tip/", tip)[0] for _ in range(3)] == [
        200,
        200,
        429,
    ]
    # A photo of up to 2 MB passes nginx (its default stops at 1 MB) and reaches Garrison,
    # which judges it: here, not a picture, refused beside the form.
    nginx.request("127.0.0.5", "GET", "/tip/")
    boundary = "nginxtestboundary"
    photo = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="what"\r\n\r\nA bag\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="where"\r\n\r\nGate\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + b"\xff\xd8\xff"
        + b"\0" * (3 * 1024 * 1024 // 2)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    upload = (f"multipart/form-data; boundary={boundary}", photo)
    status, page = nginx.request("127.0.0.5", "POST", "/tip/", upload=upload)
    assert status == 400 and 'role="alert"' in page and "nginx" not in page
