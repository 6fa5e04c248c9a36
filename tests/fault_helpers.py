"""Processes and clients for the fault tests: a killable gunicorn, load, an event reader."""
import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from tests.live import ROOT, _wait_until_up, free_port


class Server:
    """gunicorn in its own process group, so that the whole of it can be SIGKILLed.

    The app is loaded once before the workers fork (--preload): they start in a fraction
    of the time on a busy machine, and no database connection exists before the fork.
    """

    def __init__(self, url: str, log: Path, workers: int = 3, threads: int = 4,
                 env: dict | None = None):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads",
                   str(threads), "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}",
                   "--log-level", "warning", "--preload", "hall:create_app()"]
        environment = {**os.environ, "HALL_DATABASE_URL": url, "HALL_SECRET_KEY": "faults",
                       "HALL_RATELIMIT": "off", **(env or {})}
        self.log = open(log, "ab")
        self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=self.log,
                                        stderr=self.log, start_new_session=True)
        try:
            _wait_until_up(self.base, self.process)
        except Exception:
            self.close()
            raise

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, mid-whatever."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def close(self) -> None:
        """Killed too: what was acknowledged is committed, and waiting costs seconds."""
        self.kill()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def log_tail(path: Path, chars: int = 4000) -> str:
    """The end of a server's log, for an assertion's message."""
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def post(base: str, path: str, body: dict, headers: dict | None = None, timeout: float = 30):
    """(status, JSON body); status None when the server gave no answer at all."""
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            raw = error.read()
        with contextlib.suppress(ValueError):
            return error.code, json.loads(raw)
        return error.code, None
    except (urllib.error.URLError, http.client.HTTPException, OSError):
        return None, None


@dataclass
class Outcome:
    kind: str
    started: float
    ended: float
    status: int | None
    body: dict | None


class Load:
    """One client thread per request description, each posting it in a loop until stopped."""

    def __init__(self, base: str, requests: list[tuple[str, str, dict, dict]]):
        self.base, self.outcomes = base, []
        self.stop, self.lock = threading.Event(), threading.Lock()
        self.threads = [threading.Thread(target=self._client, args=r, daemon=True)
                        for r in requests]

    def _client(self, kind: str, path: str, body: dict, headers: dict) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            status, answer = post(self.base, path, body, headers)
            with self.lock:
                self.outcomes.append(Outcome(kind, started, time.monotonic(), status, answer))
            if status is None:
                time.sleep(0.05)   # nobody listening: do not spin

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(60)

    def run_until(self, at_least: float, at_most: float, **wanted: int) -> None:
        """Let the load run `at_least` seconds and until `wanted` acknowledgements per kind."""
        started = time.monotonic()
        while time.monotonic() - started < at_most:
            done = all(len(self.acknowledged(kind)) >= n for kind, n in wanted.items())
            if done and time.monotonic() - started >= at_least:
                return
            time.sleep(0.05)

    def acknowledged(self, kind: str) -> list[dict]:
        with self.lock:
            return [o.body for o in self.outcomes if o.kind == kind and o.status in (200, 201)]


class EventReader(threading.Thread):
    """Reads /api/v1/events on one connection and keeps (id, kind, data, received)."""

    def __init__(self, base: str, last_id: int | None = None):
        super().__init__(daemon=True)
        host = urlsplit(base)
        self.connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        headers = {"Last-Event-ID": str(last_id)} if last_id is not None else {}
        self.connection.request("GET", "/api/v1/events", headers=headers)
        self.response = self.connection.getresponse()
        self.events: list[tuple[int, str, dict, float]] = []
        self.start()

    def run(self) -> None:
        current = {}
        with contextlib.suppress(OSError, ValueError):
            for raw in iter(self.response.fp.readline, b""):
                line = raw.decode().rstrip("\n")
                if line.startswith(("id:", "event:", "data:")):
                    key, _, value = line.partition(": ")
                    current[key.rstrip(":")] = value
                elif line == "" and "id" in current:
                    self.events.append((int(current["id"]), current["event"],
                                        json.loads(current["data"]), time.monotonic()))
                    current = {}

    def close(self) -> list[tuple[int, str, dict, float]]:
        with contextlib.suppress(OSError):
            self.connection.sock.shutdown(2)
        self.join(5)
        self.response.close()
        self.connection.close()
        return list(self.events)


