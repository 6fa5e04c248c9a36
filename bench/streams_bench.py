"""Event-stream benchmark: 2,000 open /api/v1/events streams on the stream process while
kiosks issue tickets and a window calls them on the main application.

Usage: .venv/bin/python bench/streams_bench.py [--engine sqlite|postgresql|both]
       [--streams 2000] [--seconds 30] [--ticket-rate 2] [--kiosks 4] [--call-every 1]
       [--client-processes 2] [--no-baseline]
       [--write]   (append the results to bench/RESULTS.md)

Each engine gets two runs on one database: a baseline holding one stream, then the
streams; a shared machine's load shows in both, the streams' cost in the difference.

The set-up is the README's production one on a small scale: the main application on
gunicorn gthread (2 workers × 8 threads, the configuration issue #11 saw starve) and the
stream process (hall/events/gunicorn_conf.py: one gevent worker). The streams are held by
an asyncio client in a process of its own, spread over 100 loopback addresses so that each
stays under the default cap of 20 per address; they ask for every event, as the lobby
displays and consoles do. Kiosk threads issue tickets at a steady rate (a connection per
request, as nginx does), and one window calls the next ticket every `--call-every` seconds
and finishes it. Call to display is the time from sending the call until each of the
streams has the ticket.called event (CLOCK_MONOTONIC is shared by processes); a stream that
never gets it counts as the end of the run. Memory is VmRSS from /proc of the stream
process's master and worker, idle and with every stream open.
"""
import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.queue_bench import PASSWORD, _json, _wait, database, machine, percentile  # noqa: E402
from tests.live import free_port  # noqa: E402

PER_ADDRESS = 20                      # the default cap, HALL_EVENTS_PER_ADDRESS
MAIN_WORKERS, MAIN_THREADS = 2, 8
STREAM_WORKERS = 1                    # the stream process's default (gunicorn_conf.py)
TICKET_TARGET_MS, DISPLAY_TARGET_MS = 200, 500


def raise_open_files_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


# --- servers -------------------------------------------------------------------------------

def _env(url: str) -> dict:
    return {**os.environ, "HALL_DATABASE_URL": url, "HALL_SECRET_KEY": "bench",
            "HALL_RATELIMIT": "off", "PYTHONPATH": str(ROOT)}


@contextlib.contextmanager
def main_app(url: str):
    """The main application on gthread, as small as the hall in the issue."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(MAIN_WORKERS), "--threads",
         str(MAIN_THREADS), "--worker-class", "gthread", "--bind", f"127.0.0.1:{port}",
         "--log-level", "error", "--graceful-timeout", "3", "--no-control-socket",
         "hall:create_app()"], cwd=ROOT, env=_env(url))
    try:
        _wait(port)
        yield port
    finally:
        process.terminate()
        process.wait(20)


@contextlib.contextmanager
def stream_process(url: str):
    """The stream process exactly as the README starts it; yields (port, master pid)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "hall/events/gunicorn_conf.py",
         "--bind", f"127.0.0.1:{port}", "--log-level", "error",
         "--workers", str(STREAM_WORKERS)], cwd=ROOT, env=_env(url))
    try:
        _wait(port)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(20)


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    return []


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(master: int) -> dict:
    workers = children(master)
    return {"master_mib": rss_kib(master) / 1024,
            "workers_mib": sum(rss_kib(pid) for pid in workers) / 1024, "workers": workers}


# --- the 2,000 streams (a process of their own) ------------------------------------------------

class StreamClient(asyncio.Protocol):
    """One display: notes when each called number arrives."""

    def __init__(self, seen: dict, request: bytes, opened: asyncio.Future):
        self.seen, self.request, self.opened = seen, request, opened
        self.buffer, self.head = b"", None
        self.ended = False

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data: bytes):
        arrived = time.monotonic()
        self.buffer += data
        if self.head is None:
            if b"\r\n\r\n" not in self.buffer:
                return
            self.head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            if not self.opened.done():
                self.opened.set_result(int(self.head.split(b" ", 2)[1]))
        cut = self.buffer.rfind(b"\n\n")
        if cut < 0:
            return
        complete, self.buffer = self.buffer[:cut], self.buffer[cut + 2:]
        start = complete.find(b"event: ticket.called\n")
        while start >= 0:
            data_at = complete.index(b"data: ", start) + 6
            line = complete[data_at:complete.index(b"\n", data_at) if b"\n" in complete[data_at:]
                            else len(complete)]
            self.seen.setdefault(json.loads(line)["number"], []).append(arrived)
            start = complete.find(b"event: ticket.called\n", data_at)

    def connection_lost(self, exc):
        self.ended = True
        if not self.opened.done():
            self.opened.set_result(0)


async def _hold(port: int, first: int, count: int, commands, replies) -> None:
    loop = asyncio.get_running_loop()
    seen: dict[str, list[float]] = {}
    request = (b"GET /api/v1/events HTTP/1.1\r\nHost: hall\r\nAccept: text/event-stream\r\n"
               b"Cache-Control: no-cache\r\n\r\n")
    clients, statuses = [], []
    gate = asyncio.Semaphore(100)

    async def open_one(n: int):
        address = f"127.0.1.{n // PER_ADDRESS + 1}"
        async with gate:
            opened = loop.create_future()
            protocol = StreamClient(seen, request, opened)
            await loop.create_connection(lambda: protocol, "127.0.0.1", port,
                                         local_addr=(address, 0))
            statuses.append(await asyncio.wait_for(opened, 30))
            clients.append(protocol)

    began = time.monotonic()
    await asyncio.gather(*(open_one(n) for n in range(first, first + count)))
    replies.send({"opened": statuses.count(200), "refused": len(statuses) - statuses.count(200),
                  "open_seconds": time.monotonic() - began})
    while not await loop.run_in_executor(None, commands.poll, 0.5):
        pass
    commands.recv()
    replies.send({"seen": seen, "ended": sum(c.ended for c in clients)})


def hold_streams(port: int, first: int, count: int, commands, replies) -> None:
    raise_open_files_limit()
    asyncio.run(_hold(port, first, count, commands, replies))


class Holders:
    """The streams, split over a few processes (a hall's displays are separate devices;
    one Python process parsing every event of 2,000 streams would measure itself)."""

    def __init__(self, port: int, streams: int, processes: int):
        context = multiprocessing.get_context("spawn")
        share = -(-streams // processes)
        self.pipes, self.processes = [], []
        for first in range(0, streams, share):
            commands, their_commands = context.Pipe()
            their_replies, replies = context.Pipe()
            process = context.Process(target=hold_streams, args=(
                port, first, min(share, streams - first), their_commands, their_replies))
            process.start()
            self.pipes.append((commands, replies))
            self.processes.append(process)

    def opened(self) -> dict:
        parts = [replies.recv() for _, replies in self.pipes]
        return {"opened": sum(p["opened"] for p in parts),
                "refused": sum(p["refused"] for p in parts),
                "open_seconds": max(p["open_seconds"] for p in parts)}

    def stop(self) -> dict:
        for commands, _ in self.pipes:
            commands.send("stop")
        seen: dict[str, list[float]] = {}
        ended = 0
        for _, replies in self.pipes:
            part = replies.recv()
            ended += part["ended"]
            for number, times in part["seen"].items():
                seen.setdefault(number, []).extend(times)
        for process in self.processes:
            process.join(30)
        return {"seen": seen, "ended": ended}


# --- kiosks and a window ---------------------------------------------------------------------

def kiosk(port: int, interval: float, until: float, latencies: list, failures: list) -> None:
    """Issue a ticket every `interval` seconds, a connection per request."""
    next_at = time.monotonic()
    while next_at < until:
        time.sleep(max(0.0, next_at - time.monotonic()))
        started = time.monotonic()
        try:
            status, _ = _json(port, "POST", "/api/v1/tickets", {"category": "civil"})
        except OSError:
            status = 0
        (latencies if status == 201 else failures).append(time.monotonic() - started)
        next_at += interval


def window(port: int, every: float, until: float, token: str, calls: list) -> None:
    """Call the next ticket every `every` seconds and finish it; notes (number, sent)."""
    next_at = time.monotonic()
    while next_at < until:
        time.sleep(max(0.0, next_at - time.monotonic()))
        sent = time.monotonic()
        status, ticket = _json(port, "POST", "/api/v1/windows/1/call-next", token=token)
        if status == 200:
            calls.append((ticket["number"], sent, time.monotonic() - sent))
            _json(port, "POST", f"/api/v1/tickets/{ticket['id']}/finish", token=token)
        next_at += every


def bench(url: str, streams: int, seconds: float, ticket_rate: float, kiosks: int,
          call_every: float, client_processes: int = 2) -> dict:
    with main_app(url) as app_port, stream_process(url) as (stream_port, master):
        idle = memory(master)
        token = _json(app_port, "POST", "/api/v1/auth/token",
                      {"username": "bench", "password": PASSWORD})[1]["token"]
        for _ in range(10):      # a line at the window before the calls start
            _json(app_port, "POST", "/api/v1/tickets", {"category": "civil"})
        holders = Holders(stream_port, streams, client_processes)
        opened = holders.opened()
        time.sleep(2)
        loaded = memory(master)
        cpu_before = sum(cpu_seconds(pid) for pid in loaded["workers"])
        latencies, failures, calls = [], [], []
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=kiosk, args=(app_port, kiosks / ticket_rate, until,
                                                         latencies, failures))
                   for _ in range(kiosks)]
        threads.append(threading.Thread(target=window,
                                        args=(app_port, call_every, until, token, calls)))
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        time.sleep(3)            # the last call's deliveries
        cpu = sum(cpu_seconds(pid) for pid in loaded["workers"]) - cpu_before
        peak = memory(master)
        result = holders.stop()
    delays, missing, firsts, spreads = [], 0, [], []
    for number, sent, _ in calls:
        arrivals = result["seen"].get(number, [])
        if arrivals:
            firsts.append(min(arrivals) - sent)
            spreads.append(max(arrivals) - min(arrivals))
        missing += streams - len(arrivals)
        delays += [arrived - sent for arrived in arrivals]
        delays += [elapsed] * max(0, streams - len(arrivals))
    return {"streams": streams, **opened, "ended_early": result["ended"],
            "tickets": len(latencies), "ticket_failures": len(failures),
            "ticket_rate": len(latencies) / elapsed,
            "ticket_p50_ms": percentile(latencies, 0.5) * 1000,
            "ticket_p95_ms": percentile(latencies, 0.95) * 1000,
            "ticket_max_ms": max(latencies) * 1000,
            "call_p50_ms": percentile([c[2] for c in calls], 0.5) * 1000,
            "call_p95_ms": percentile([c[2] for c in calls], 0.95) * 1000,
            "calls": len(calls), "deliveries": len(delays) - missing, "missing": missing,
            "display_p50_ms": percentile(delays, 0.5) * 1000,
            "display_p95_ms": percentile(delays, 0.95) * 1000,
            "display_max_ms": max(delays) * 1000,
            "first_p50_ms": percentile(firsts, 0.5) * 1000,
            "spread_p50_ms": percentile(spreads, 0.5) * 1000,
            "idle": idle, "loaded": loaded, "peak": peak,
            "worker_cpu_share": cpu / elapsed, "seconds": elapsed,
            "load": os.getloadavg()[0]}


# --- report ----------------------------------------------------------------------------------

def report(engine: str, runs: list[dict], args) -> str:
    """One section: the baseline (one stream) and the loaded run side by side."""
    r = runs[-1]
    loads = " and ".join(format(run["load"], ".1f") for run in runs)
    addresses = -(-r["streams"] // PER_ADDRESS)
    per_stream = (r["peak"]["workers_mib"] - r["idle"]["workers_mib"]) * 1024 / r["streams"]
    lines = [
        f"### {engine} — {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {machine()}, shared: 1-minute load {loads} at the end of each run. "
        f"Main application: gunicorn gthread {MAIN_WORKERS} × {MAIN_THREADS}; stream "
        f"process: `hall/events/gunicorn_conf.py` ({STREAM_WORKERS} gevent worker(s)). "
        f"{r['streams']} streams from {addresses} loopback addresses, held by "
        f"{args.client_processes} asyncio processes, opened in {r['open_seconds']:.1f} s "
        f"({r['opened']} answered 200, {r['refused']} refused; {r['ended_early']} ended "
        f"during the run). {args.kiosks} kiosks at {args.ticket_rate:g} tickets/s in all, "
        f"a call every {args.call_every:g} s, {r['seconds']:.0f} s per run"
        + ("; the first run holds one stream." if len(runs) > 1 else "."),
        "",
        "| streams | measure | count | p50 ms | p95 ms | max ms | target | met |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for run in runs:
        lines += _rows(run)
    lines += [
        "",
        f"With {r['streams']} streams the first stream had a call after "
        f"{r['first_p50_ms']:.0f} ms and the last {r['spread_p50_ms']:.0f} ms after the "
        "first (medians over the calls).",
        "",
        f"Stream process memory (VmRSS): idle master {r['idle']['master_mib']:.0f} MiB + "
        f"worker(s) {r['idle']['workers_mib']:.0f} MiB; with {r['streams']} streams open "
        f"master {r['loaded']['master_mib']:.0f} MiB + worker(s) "
        f"{r['loaded']['workers_mib']:.0f} MiB, at the end {r['peak']['master_mib']:.0f} + "
        f"{r['peak']['workers_mib']:.0f} MiB (about {per_stream:.0f} KiB per stream). The "
        f"worker(s) used {r['worker_cpu_share'] * 100:.0f} % of one core during the run.",
        "",
    ]
    return "\n".join(lines)


def _rows(run: dict) -> list[str]:
    n = run["streams"]
    met = lambda value, target: "yes" if value <= target else "**no**"   # noqa: E731
    return [
        f"| {n} | POST /api/v1/tickets | {run['tickets']} ({run['ticket_failures']} failed) | "
        f"{run['ticket_p50_ms']:.1f} | {run['ticket_p95_ms']:.1f} | "
        f"{run['ticket_max_ms']:.1f} | p95 ≤ {TICKET_TARGET_MS} | "
        f"{met(run['ticket_p95_ms'], TICKET_TARGET_MS)} |",
        f"| {n} | POST call-next (part of the next line) | {run['calls']} | "
        f"{run['call_p50_ms']:.1f} | {run['call_p95_ms']:.1f} | | | |",
        f"| {n} | call → display, every stream | {run['deliveries']} deliveries "
        f"({run['missing']} missing) | {run['display_p50_ms']:.0f} | "
        f"{run['display_p95_ms']:.0f} | {run['display_max_ms']:.0f} | "
        f"p95 ≤ {DISPLAY_TARGET_MS} | {met(run['display_p95_ms'], DISPLAY_TARGET_MS)} |",
    ]


def write_result(text: str) -> None:
    """Add the run at the end of the event-stream part of bench/RESULTS.md (made if missing)."""
    path = ROOT / "bench" / "RESULTS.md"
    content = path.read_text(encoding="utf-8")
    heading = "## Event streams (`bench/streams_bench.py`)"
    if heading not in content:
        content = content.rstrip("\n") + "\n\n" + heading + "\n\n" + INTRO + "\n"
    start = content.index(heading)
    end = content.find("\n## ", start + 1)
    end = len(content) if end < 0 else end + 1
    path.write_text(content[:end].rstrip("\n") + "\n\n" + text + "\n" + content[end:],
                    encoding="utf-8")


INTRO = """2,000 browsers' worth of `/api/v1/events` held open on the stream process (gunicorn, one
gevent worker) while kiosks issue tickets and a window calls them on the main application
(gunicorn gthread, 2 workers × 8 threads). Targets (issue #11): ticket p95 ≤ 200 ms,
call → display p95 ≤ 500 ms over all 2,000 streams. Every stream asks for every event."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=30, help="per run")
    parser.add_argument("--ticket-rate", type=float, default=2.0, help="tickets per second")
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--call-every", type=float, default=1.0)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--stream-workers", type=int, default=STREAM_WORKERS)
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-stream run")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    raise_open_files_limit()
    globals()["STREAM_WORKERS"] = args.stream_workers
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    for engine in engines:
        runs = []
        with database(engine) as url:
            for streams in ([] if args.no_baseline else [1]) + [args.streams]:
                runs.append(bench(url, streams, args.seconds, args.ticket_rate, args.kiosks,
                                  args.call_every, args.client_processes))
        text = report(engine, runs, args)
        print(text)
        if args.write:
            write_result(text)


if __name__ == "__main__":
    main()
