"""The stream process for real: gunicorn's gevent worker holds many streams while the
main application on gthread goes on issuing tickets, and a display still sees its call."""
import contextlib
import os
import socket
import subprocess
import sys
import time

import pytest

from hall.core.extensions import db
from tests.factories import PASSWORD
from tests.live import ROOT, call, free_port, gunicorn

pytestmark = pytest.mark.slow

ADDRESSES = [f"127.0.0.{n}" for n in range(2, 12)]     # 10 addresses × 20 streams = 200


@contextlib.contextmanager
def stream_process(database_url: str):
    """The stream process as the README starts it, on a free port; yields the port."""
    port = free_port()
    env = {**os.environ, "HALL_DATABASE_URL": database_url, "HALL_SECRET_KEY": "live-test"}
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c",
                                "hall/events/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}",
                                "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "the stream process exited at start"
            with contextlib.suppress(OSError):
                status, body = call(f"http://127.0.0.1:{port}", "GET", "/up")
                if status == 404 and body["error"]["code"] == "not_found":
                    break
            assert time.monotonic() < deadline, "the stream process did not start"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(15)


def open_stream(port: int, address: str, query: str = "") -> tuple[int, socket.socket]:
    """A raw event-stream request from `address`; (status, socket left open)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(address, 0))
    sock.sendall(f"GET /api/v1/events{query} HTTP/1.1\r\nHost: hall\r\n"
                 "Accept: text/event-stream\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return int(head.split(b" ", 2)[1]), sock


def read_until(sock: socket.socket, wanted: bytes, seconds: float) -> bool:
    received, deadline = b"", time.monotonic() + seconds
    while wanted not in received and time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        if not chunk:
            break
        received += chunk
    return wanted in received


def test_two_hundred_streams_do_not_slow_the_hall(app, make, database_url):
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = make.user(role="staff")
    make.window(no=3, categories=[civil], staff_a_id=staff.id)
    db.session.commit()
    streams = []
    with stream_process(database_url) as port, gunicorn(database_url, workers=2, threads=8) as base:
        try:
            for address in ADDRESSES:
                for _ in range(20):
                    status, sock = open_stream(port, address)
                    assert status == 200
                    streams.append((address, sock))
            status, extra = open_stream(port, ADDRESSES[0])
            extra.close()
            assert status == 429                         # the 21st from one address
            streams.pop(0)[1].close()                    # a client leaves: its slot comes back
            deadline = time.monotonic() + 10
            while (status := _try_once(port, ADDRESSES[0], streams)) == 429:
                assert time.monotonic() < deadline, "the slot was not released"
                time.sleep(0.5)
            assert status == 200
            status, display = open_stream(port, "127.0.0.20", "?kinds=ticket.called")
            assert status == 200
            timings = []
            for _ in range(20):                          # the gthread app keeps issuing quickly
                started = time.monotonic()
                assert call(base, "POST", "/api/v1/tickets", {"category": "civil"})[0] == 201
                timings.append(time.monotonic() - started)
            # Starved, a ticket would wait for a stream to end (minutes); a busy shared
            # machine costs tens or hundreds of milliseconds.
            assert sorted(timings)[len(timings) // 2] < 1.0 and max(timings) < 3.0, timings
            _, token = call(base, "POST", "/api/v1/auth/token",
                            {"username": staff.username, "password": PASSWORD})
            status, ticket = call(base, "POST", "/api/v1/windows/3/call-next", None,
                                  {"Authorization": "Bearer " + token["token"]})
            assert status == 200 and ticket["number"] == "A001"
            called = b'"number": "A001"'
            assert read_until(display, called, 5)
            assert all(read_until(sock, called, 5) for _, sock in streams)
            display.close()
        finally:
            for _, sock in streams:
                sock.close()


def _try_once(port: int, address: str, streams: list) -> int:
    status, sock = open_stream(port, address)
    if status == 200:
        streams.append((address, sock))
    else:
        sock.close()
    return status
