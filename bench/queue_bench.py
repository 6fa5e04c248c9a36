"""Queue benchmark: ticket throughput against a bare insert, call-to-display latency,
and the estimated-wait error over a simulated day.

Usage: .venv/bin/python bench/queue_bench.py [--engine sqlite|postgresql|both] [--seconds 15]
       [--workers 4] [--threads 1] [--rounds 3] [--throughput-only]
       [--write]   (append the results to bench/RESULTS.md)

Both servers run under gunicorn with the same settings on the same database engine. Rate
limits are switched off (HALL_RATELIMIT=off) so the figures measure the application.

Throughput: both servers are up at once and take turns, `--rounds` times, each turn a
share of `--seconds`; the ratio is the median of the rounds' ratios, so a neighbour that
slows the machine for a while slows both alike. Each client opens a connection per request,
as nginx does towards its upstream by default: with kept-alive connections gunicorn leaves
each connection with the worker that accepted it, and a run measured however many workers
happened to get the 20 connections (one worker at 100 %, another idle).
"""
import argparse
import contextlib
import http.client
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.live import free_port  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "Queue-Load-2026"
THROUGHPUT_WORKERS = 4   # the README's production count
THROUGHPUT_THREADS = 1
ROUNDS = 3


# --- databases and servers -----------------------------------------------------------------

@contextlib.contextmanager
def database(engine: str):
    """A throwaway database with the demo hall loaded; yields its URL."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite"
            _load_demo(url)
            yield url
        return
    import psycopg
    name = f"hall_bench_{os.getpid()}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name}")
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        _load_demo(url)
        yield url
    finally:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _load_demo(url: str) -> None:
    env = {**os.environ, "HALL_DATABASE_URL": url}
    flask = [sys.executable, "-m", "flask", "--app", "hall"]
    subprocess.run(flask + ["demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    # Benchmarks run at any hour: the hall opens around the clock, as scripts/demo's does.
    subprocess.run(flask + ["hours", "set", "mon-sun", "00:00-24:00", "--holidays", "open"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    from hall import create_app
    from hall.auth.services import create_user
    from hall.core import clock
    from hall.core.actor import Actor
    from hall.core.extensions import db
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        create_user(Actor.system("bench"), clock.now(), username="bench", role="manager",
                    password=PASSWORD, must_change=False, name="基准测试")
        db.session.commit()
        db.engine.dispose()


@contextlib.contextmanager
def gunicorn(app_spec: str, url: str, workers: int = 4, threads: int = 1):
    """gunicorn (gthread) on a free port; one thread per worker unless streams need more."""
    port = free_port()
    env = {**os.environ, "HALL_DATABASE_URL": url, "HALL_SECRET_KEY": "bench",
           "HALL_RATELIMIT": "off", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
         "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}", "--log-level", "error",
         "--keep-alive", "30", "--graceful-timeout", "3", app_spec], cwd=ROOT, env=env)
    try:
        _wait(port)
        yield port
    finally:
        process.terminate()
        process.wait(20)


def _wait(port: int) -> None:
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


# --- load ----------------------------------------------------------------------------------

def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def hammer(port: int, path: str, body: dict, clients: int, seconds: float) -> dict:
    """`clients` POSTing for `seconds`, a connection per request; counts 2xx and latencies."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    payload = json.dumps(body)

    def client():
        mine, bad = [], 0
        while time.monotonic() < deadline:
            started = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("POST", path, payload, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            connection.close()
            if 200 <= response.status < 300:
                mine.append(time.monotonic() - started)
            else:
                bad += 1
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {"requests": len(latencies), "failed": failures[0], "per_second": len(latencies) / elapsed,
            "latencies": latencies, "elapsed": elapsed}


def bench_throughput(url: str, seconds: float) -> dict:
    turn = seconds / ROUNDS
    with gunicorn("bench.floor_app:app", url, THROUGHPUT_WORKERS, THROUGHPUT_THREADS) as floor_port, \
            gunicorn("hall:create_app()", url, THROUGHPUT_WORKERS, THROUGHPUT_THREADS) as hall_port:
        rounds = []
        for _ in range(ROUNDS):
            floor = hammer(floor_port, "/insert", {}, clients=20, seconds=turn)
            tickets = hammer(hall_port, "/api/v1/tickets", {"category": "civil"}, clients=20,
                             seconds=turn)
            rounds.append((floor, tickets))
    ratios = sorted(t["per_second"] / f["per_second"] for f, t in rounds)
    return {"floor": _combined([f for f, _ in rounds]), "tickets": _combined([t for _, t in rounds]),
            "rounds": [t["per_second"] / f["per_second"] for f, t in rounds],
            "ratio": ratios[len(ratios) // 2]}


def _combined(runs: list[dict]) -> dict:
    """The rounds of one server as one run: requests, rate, and latency percentiles."""
    latencies = [x for run in runs for x in run["latencies"]]
    elapsed = sum(run["elapsed"] for run in runs)
    return {"requests": len(latencies), "failed": sum(run["failed"] for run in runs),
            "per_second": len(latencies) / elapsed,
            "p50_ms": percentile(latencies, 0.5) * 1000,
            "p95_ms": percentile(latencies, 0.95) * 1000}


# --- call to display -----------------------------------------------------------------------

class Listener(threading.Thread):
    """One lobby display: reads ticket.called events and notes when each number arrives."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.seen, self.ready = port, {}, threading.Event()
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def close(self) -> None:
        """Unblock the reading thread at once (closing would wait for its buffer lock)."""
        with contextlib.suppress(OSError, AttributeError):
            self.connection.sock.shutdown(socket.SHUT_RDWR)

    def run(self):
        self.connection.request("GET", "/api/v1/events?kinds=ticket.called")
        response = self.connection.getresponse()
        self.ready.set()
        while True:
            try:
                line = response.fp.readline()
            except (OSError, ValueError, AttributeError):
                return
            if not line:
                return
            if line.startswith(b"data: "):
                self.seen[json.loads(line[6:])["number"]] = time.monotonic()


def _json(port: int, method: str, path: str, body=None, token=None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    connection.request(method, path, json.dumps(body) if body is not None else None, headers)
    response = connection.getresponse()
    raw = response.read()
    return response.status, json.loads(raw) if raw else {}


def bench_display_latency(url: str, listeners: int = 100, calls: int = 60) -> dict:
    with gunicorn("hall:create_app()", url, workers=4, threads=128) as port:
        clients = [Listener(port) for _ in range(listeners)]
        for client in clients:
            client.start()
        for client in clients:
            client.ready.wait(30)
        time.sleep(1)
        token = _json(port, "POST", "/api/v1/auth/token",
                      {"username": "bench", "password": PASSWORD})[1]["token"]
        for _ in range(calls):
            _json(port, "POST", "/api/v1/tickets", {"category": "civil"})
        delays = []
        for _ in range(calls):
            sent = time.monotonic()
            status, ticket = _json(port, "POST", "/api/v1/windows/1/call-next", token=token)
            assert status == 200, ticket
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not all(ticket["number"] in c.seen for c in clients):
                time.sleep(0.005)
            delays += [c.seen.get(ticket["number"], deadline) - sent for c in clients]
            _json(port, "POST", f"/api/v1/tickets/{ticket['id']}/finish", token=token)
        for client in clients:
            client.close()
    return {"listeners": listeners, "calls": calls, "deliveries": len(delays),
            "p50_ms": percentile(delays, 0.5) * 1000, "p95_ms": percentile(delays, 0.95) * 1000,
            "max_ms": max(delays) * 1000}


# --- estimated wait over a simulated day -----------------------------------------------------

def bench_estimates(url: str, arrivals: int) -> dict:
    from hall import create_app
    from hall.core.extensions import db
    from hall.demo.simulation.queue_day import QueueDay
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        result = QueueDay(date(2026, 12, 1), arrivals).run()
        db.engine.dispose()
    waits = sorted(result.waits)
    return {"arrivals": result.issued, "served": result.served, "no_shows": result.no_shows,
            "mae_minutes": result.mean_absolute_error,
            "mean_wait_minutes": sum(waits) / len(waits), "p90_wait_minutes": percentile(waits, 0.9)}


# --- report ----------------------------------------------------------------------------------

def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in open("/proc/meminfo")
                      if line.startswith("MemTotal"))) // 1024 // 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, Python {platform.python_version()}"


def report(engine: str, throughput: dict, display: dict, estimate: dict) -> str:
    f, t = throughput["floor"], throughput["tickets"]
    return "\n".join([
        f"### {engine} — {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {machine()}. Throughput: gunicorn {THROUGHPUT_WORKERS} workers × "
        f"{THROUGHPUT_THREADS} thread(s) for both servers, 20 clients, a connection per request, "
        f"{ROUNDS} alternating rounds. Call to display: 4 workers × 128 threads.",
        "",
        "| endpoint | requests | per second | p50 ms | p95 ms | failed |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| bare insert (floor) | {f['requests']} | {f['per_second']:.0f} | {f['p50_ms']:.1f} "
        f"| {f['p95_ms']:.1f} | {f['failed']} |",
        f"| POST /api/v1/tickets | {t['requests']} | {t['per_second']:.0f} | {t['p50_ms']:.1f} "
        f"| {t['p95_ms']:.1f} | {t['failed']} |",
        "",
        f"Ticket throughput is **{throughput['ratio']:.2f}** of the floor, the median of the "
        f"rounds ({', '.join(f'{r:.2f}' for r in throughput['rounds'])}; target ≥ 0.5).",
        "",
    ] + ([] if display is None else [
        f"Call to display with {display['listeners']} event-stream clients: {display['calls']} calls, "
        f"{display['deliveries']} deliveries, p50 **{display['p50_ms']:.0f} ms**, "
        f"p95 **{display['p95_ms']:.0f} ms**, max {display['max_ms']:.0f} ms (target p95 ≤ 500 ms).",
        "",
        f"Estimated wait over a simulated day ({estimate['arrivals']} arrivals, {estimate['served']} served, "
        f"{estimate['no_shows']} no-shows, mean wait {estimate['mean_wait_minutes']:.1f} min, "
        f"p90 {estimate['p90_wait_minutes']:.1f} min): mean absolute error "
        f"**{estimate['mae_minutes']:.1f} min**.",
        "",
    ]))


def write_result(text: str) -> None:
    """Add the run at the end of the queue part of bench/RESULTS.md."""
    path = ROOT / "bench" / "RESULTS.md"
    content = path.read_text(encoding="utf-8")
    start = content.index("## Queue")
    end = content.find("\n## ", start + 1)
    end = len(content) if end < 0 else end + 1
    path.write_text(content[:end].rstrip("\n") + "\n\n" + text + "\n" + content[end:],
                    encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--arrivals", type=int, default=1500)
    parser.add_argument("--workers", type=int, default=THROUGHPUT_WORKERS,
                        help="gunicorn workers of both throughput servers")
    parser.add_argument("--threads", type=int, default=THROUGHPUT_THREADS,
                        help="threads per worker of both throughput servers")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--throughput-only", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    globals().update(THROUGHPUT_WORKERS=args.workers, THROUGHPUT_THREADS=args.threads,
                     ROUNDS=args.rounds)
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    for engine in engines:
        with database(engine) as url:
            throughput = bench_throughput(url, args.seconds)
        display = estimate = None
        if not args.throughput_only:
            with database(engine) as url:
                display = bench_display_latency(url)
            with database(engine) as url:
                estimate = bench_estimates(url, args.arrivals)
        text = report(engine, throughput, display, estimate)
        print(text)
        if args.write:
            write_result(text)


if __name__ == "__main__":
    main()
