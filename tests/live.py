"""A real multi-worker server (gunicorn) on the test database, for concurrency tests."""
import contextlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from hall.ratings.devices import COOKIE

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 4, threads: int = 8, extra_env: dict | None = None):
    """Start gunicorn on a free port with the given database; yields the base URL."""
    port = free_port()
    # Rate limits off: these tests measure concurrency, and every client is 127.0.0.1.
    env = {**os.environ, "HALL_DATABASE_URL": database_url, "HALL_SECRET_KEY": "live-test",
           "HALL_RATELIMIT": "off", **(extra_env or {})}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads",
               str(threads), "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", "--graceful-timeout", "3", "hall:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(15)


def _wait_until_up(base: str, process, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        try:
            urllib.request.urlopen(base + "/api/v1/categories", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def call(base: str, method: str, path: str, body: dict | None = None,
         headers: dict | None = None) -> tuple[int, dict | None]:
    """One JSON request; returns (status, body or None)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={
        "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def finish_through_the_api(base: str, username: str, password: str, ticket_id: int) -> None:
    """A member of staff logs in with a token and finishes a ticket, as a window pager does."""
    status, body = call(base, "POST", "/api/v1/auth/token",
                        {"username": username, "password": password})
    assert status == 200, body
    status, body = call(base, "POST", f"/api/v1/tickets/{ticket_id}/finish", {},
                        {"Authorization": "Bearer " + body["token"]})
    assert status == 200 and body["status"] == "done", body


def registered_tablet(base: str, token: str, no: int = 3) -> dict:
    """Open the one-time link like the tablet's browser; returns the headers it then sends."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/evaluator/register/{token}", timeout=30) as response:
        page = response.read().decode()
        assert response.status == 200 and response.url.endswith(f"/windows/{no}/rate")
    csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
    cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)
    assert COOKIE in cookies
    return {"Cookie": cookies, "X-CSRFToken": csrf, "Referer": f"{base}/windows/{no}/rate"}
