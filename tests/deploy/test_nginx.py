"""The hall behind a real nginx, as deploy/ sets it up: Debian's nginx runs the kit's site
file (deploy/nginx/hall.conf) over HTTPS in front of the application and the stream process,
each started with the command line of its systemd unit and the settings of hall.env.example.

Checked through nginx: the kiosk page, a ticket taken on it, static files answered by nginx
itself, the client's real address reaching both processes (HALL_PROXIES) however a client
fills X-Forwarded-For, no query string in nginx's log, and a call reaching a display's event
stream within a second.
"""
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.core.extensions import db
from tests.deploy.kit import DEPLOY, example_environment, local_command, rendered, unit_commands
from tests.factories import PASSWORD
from tests.live import ROOT, free_port

pytestmark = pytest.mark.slow

HOST = "hall.example.gov.cn"
MIME_TYPES = Path("/etc/nginx/mime.types")
STREAMS_PER_ADDRESS = 2


def _nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None or not MIME_TYPES.exists():
        pytest.skip("nginx is not installed: scripts/test installs Debian's nginx package")
    return found


def _certificate(folder: Path) -> Path:
    """A self-signed certificate for the hall's name and 127.0.0.1, as the kit names them."""
    folder.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1",
                    "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
                   check=True, capture_output=True)
    return folder / "fullchain.pem"


def _main_conf(folder: Path, site: Path) -> Path:
    """Debian's nginx.conf in small: its http settings, our paths, the kit's site included."""
    temp = {kind: folder / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    user = "user root;\n" if os.geteuid() == 0 else ""   # Debian's www-data cannot read tmp
    conf = folder / "nginx.conf"
    conf.write_text(f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include {MIME_TYPES};
    default_type application/octet-stream;
    gzip on;
    client_body_temp_path {temp['body']};
    proxy_temp_path {temp['proxy']};
    fastcgi_temp_path {temp['fastcgi']};
    uwsgi_temp_path {temp['uwsgi']};
    scgi_temp_path {temp['scgi']};
    include {site};
}}
""")
    return conf


@contextlib.contextmanager
def _process(command: list[str], env: dict, port: int, name: str, log: Path):
    """Start a server, wait for its port, stop it at the end; its output goes to `log`."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"{name} exited at start:\n{log.read_text()}"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            assert time.monotonic() < deadline, f"{name} did not start:\n{log.read_text()}"
            time.sleep(0.1)
        yield process
    finally:
        process.send_signal(signal.SIGINT)   # quick shutdown for gunicorn and nginx alike
        process.wait(15)


def _site(folder: Path, ports: dict) -> Path:
    """The kit's site file with the test's ports, certificate, checkout and log folder."""
    (folder / "log").mkdir()
    site = folder / "hall.conf"
    site.write_text(rendered((DEPLOY / "nginx/hall.conf").read_text(), {
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
        "/etc/hall/tls/": f"{folder}/tls/",
        "/opt/hall/": f"{ROOT}/",
        "/var/log/nginx/": f"{folder}/log/",
        "127.0.0.1:8000": f"127.0.0.1:{ports['app']}",
        "127.0.0.1:8001": f"127.0.0.1:{ports['events']}"}))
    return site


def _unit_servers(ports: dict, access_log: Path) -> tuple[list[str], list[str]]:
    """The ExecStart of hall.service and hall-events.service, on the test's ports."""
    (application,) = unit_commands("hall.service")
    (streams,) = unit_commands("hall-events.service")
    application = local_command(application, {"127.0.0.1:8000": f"127.0.0.1:{ports['app']}"})
    # Two workers on CI's two cores (a later option wins); the access log shows who asked.
    application += ["--workers", "2", "--access-logfile", str(access_log)]
    return application, local_command(streams, {"127.0.0.1:8001": f"127.0.0.1:{ports['events']}"})


@dataclass(frozen=True)
class NginxSite:
    """The test's nginx in front of both processes: its ports, the TLS context that trusts
    the test's certificate, and the access logs."""

    https: int
    http: int
    tls: ssl.SSLContext
    app_log: Path
    nginx_log: Path


@pytest.fixture
def hall_behind_nginx(app, database_url, tmp_path):
    """nginx on HTTPS and HTTP test ports in front of both processes."""
    ports = {name: free_port() for name in ("app", "events", "http", "https")}
    nginx = [_nginx(), "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
             "-c", str(_main_conf(tmp_path, _site(tmp_path, ports)))]
    certificate = _certificate(tmp_path / "tls")
    checked = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    env = {**os.environ, **example_environment(), "HALL_DATABASE_URL": database_url,
           "HALL_SECRET_KEY": "deploy-test", "HALL_EVENTS_PER_ADDRESS": str(STREAMS_PER_ADDRESS),
           "HALL_AUDIT_KEY_FILE": str(tmp_path / "audit_key"),
           "HALL_AUDIT_ANCHORS": str(tmp_path / "audit-anchors.log")}
    application, streams = _unit_servers(ports, tmp_path / "app-access.log")
    logs = {name: tmp_path / f"{name}.log" for name in ("app", "streams", "nginx")}
    with _process(application, env, ports["app"], "the application", logs["app"]), \
            _process(streams, env, ports["events"], "the stream process", logs["streams"]), \
            _process([*nginx, "-g", "daemon off;"], env, ports["https"], "nginx", logs["nginx"]):
        yield NginxSite(https=ports["https"], http=ports["http"],
                        tls=ssl.create_default_context(cafile=str(certificate)),
                        app_log=tmp_path / "app-access.log",
                        nginx_log=tmp_path / "log/hall-access.log")


def _request(hall, method: str, path: str, *, address: str = "127.0.0.1", body=None,
             headers: dict | None = None) -> http.client.HTTPResponse:
    """One HTTPS request to nginx from `address`, verified against the test's certificate."""
    connection = http.client.HTTPSConnection("127.0.0.1", hall.https, context=hall.tls,
                                             timeout=30, source_address=(address, 0))
    connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def _json(hall, method: str, path: str, data: dict, **options) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json", **options.pop("headers", {})}
    response = _request(hall, method, path, body=json.dumps(data), headers=headers, **options)
    return response.status, json.loads(response.body or b"null")


def _open_stream(hall, address: str, query: str = "") -> tuple[int, ssl.SSLSocket, bytes]:
    """An event-stream request through nginx from `address`; (status, open socket, head)."""
    raw = socket.create_connection(("127.0.0.1", hall.https), timeout=10,
                                   source_address=(address, 0))
    sock = hall.tls.wrap_socket(raw, server_hostname="127.0.0.1")
    sock.sendall(f"GET /api/v1/events{query} HTTP/1.1\r\nHost: {HOST}\r\n"
                 "Accept: text/event-stream\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return int(head.split(b" ", 2)[1]), sock, head


def _seconds_until(sock, wanted: bytes, limit: float) -> float | None:
    """How long until `wanted` arrives on the stream, or None if not within `limit`."""
    received, started = b"", time.monotonic()
    while wanted not in received:
        left = limit - (time.monotonic() - started)
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            return None
        if not chunk:
            return None
        received += chunk
    return time.monotonic() - started


def _log_with(log: Path, wanted: str, seconds: float = 5) -> str:
    """The log once it holds `wanted`: nginx writes a line just after the answer is sent."""
    deadline = time.monotonic() + seconds
    while wanted not in (text := log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return text


def _take_ticket_on_the_kiosk(hall, category: str) -> bytes:
    """The kiosk page, then its 取号 form as a browser posts it; returns the ticket page."""
    page = _request(hall, "GET", "/kiosk", address="127.0.0.3")
    assert page.status == 200 and "text/html" in page.getheader("Content-Type")
    assert page.getheader("Strict-Transport-Security")
    html = page.body.decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    cookie = page.getheader("Set-Cookie")
    assert cookie and "Secure" in cookie            # HALL_SESSION_COOKIE_SECURE from the kit
    taken = _request(hall, "POST", "/kiosk/tickets", address="127.0.0.3",
                     body=urlencode({"csrf_token": csrf, "category": category}), headers={
                         "Content-Type": "application/x-www-form-urlencoded",
                         "Cookie": cookie.split(";", 1)[0], "Referer": f"https://{HOST}/kiosk"})
    assert taken.status == 302, taken.body.decode()
    location = taken.getheader("Location")
    assert re.match(rf"(https://{re.escape(HOST)})?/kiosk/tickets/", location), location
    ticket = _request(hall, "GET", location.removeprefix(f"https://{HOST}"), address="127.0.0.3")
    assert ticket.status == 200
    return ticket.body


def test_the_hall_behind_nginx(app, make, hall_behind_nginx):
    hall = hall_behind_nginx
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = make.user(role="staff")
    make.window(no=3, categories=[civil], staff_a_id=staff.id)
    db.session.commit()
    _check_http_goes_to_https(hall)
    status, display, head = _open_stream(hall, "127.0.0.5", "?kinds=ticket.called")
    with contextlib.closing(display):             # a lobby display, open before anything happens
        assert status == 200 and b"text/event-stream" in head
        assert b"A001" in _take_ticket_on_the_kiosk(hall, "civil")
        _check_static_files_come_from_nginx(hall)
        token = _token_from_the_real_address(hall, staff)
        status, ticket = _json(hall, "POST", "/api/v1/windows/3/call-next", {},
                               headers={"Authorization": "Bearer " + token})
        assert status == 200 and ticket["number"] == "A001", ticket
        seconds = _seconds_until(display, b'"number": "A001"', 1.0)
        assert seconds is not None, "ticket.called did not reach the display through nginx in 1 s"
        print(f"ticket.called reached the display through nginx in {seconds * 1000:.0f} ms")
        _check_streams_are_counted_by_the_real_address(hall)
    _check_no_query_strings_in_the_nginx_log(hall)
    application_log = hall.app_log.read_text()
    assert "GET /kiosk " in application_log and "/static/" not in application_log


def _check_http_goes_to_https(hall) -> None:
    plain = http.client.HTTPConnection("127.0.0.1", hall.http, timeout=10)
    plain.request("GET", "/kiosk", headers={"Host": HOST})
    moved = plain.getresponse()
    assert moved.status == 301 and moved.getheader("Location") == f"https://{HOST}/kiosk"
    plain.close()


def _check_static_files_come_from_nginx(hall) -> None:
    """Right bytes and type, an hour's caching; the app's access log must not see them."""
    style = _request(hall, "GET", "/static/css/kiosk.css")
    assert style.status == 200 and style.body == (ROOT / "hall/static/css/kiosk.css").read_bytes()
    assert style.getheader("Content-Type").startswith("text/css")
    assert style.getheader("Cache-Control") == "max-age=3600"
    assert style.getheader("X-Content-Type-Options") == "nosniff"


def _token_from_the_real_address(hall, staff) -> str:
    """A window pager logs in from 127.0.0.7 claiming another address in X-Forwarded-For:
    the audit log keeps the real one (nginx appends it; the hall trusts one proxy)."""
    status, body = _json(hall, "POST", "/api/v1/auth/token",
                         {"username": staff.username, "password": PASSWORD},
                         address="127.0.0.7", headers={"X-Forwarded-For": "203.0.113.9"})
    assert status == 200, body
    db.session.remove()
    logins = db.session.scalars(select(AuditEntry.address).where(
        AuditEntry.username == staff.username)).all()
    assert logins and set(logins) == {"127.0.0.7"}, logins
    return body["token"]


def _check_streams_are_counted_by_the_real_address(hall) -> None:
    """127.0.0.5 holds the display's stream and may open one more; a third is refused while
    another address is still served (behind nginx every stream comes from 127.0.0.1)."""
    opened = [_open_stream(hall, "127.0.0.5"), _open_stream(hall, "127.0.0.5"),
              _open_stream(hall, "127.0.0.6")]
    try:
        assert [status for status, _, _ in opened] == [200, 429, 200]
    finally:
        for _, sock, _ in opened:
            sock.close()


def _check_no_query_strings_in_the_nginx_log(hall) -> None:
    """A search may carry an ID number: nginx's access log keeps the path only."""
    searched = _request(hall, "GET", "/api/v1/items?" + urlencode({"q": "110101199003070011"}))
    assert searched.status == 200
    nginx_log = _log_with(hall.nginx_log, "/api/v1/items")
    assert "/api/v1/items" in nginx_log and "110101199003070011" not in nginx_log
    assert "127.0.0.7" in nginx_log
