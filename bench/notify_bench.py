"""Notification benchmark: one worker delivers 10,000 queued SMS to a stand-in gateway.

Usage: .venv/bin/python bench/notify_bench.py [--engine sqlite|postgresql|both]
       [--messages 10000] [--outage 30] [--batch 50]
       [--write]   (append the results to bench/RESULTS.md)

The outbox is filled in one transaction (one number per message, so the per-phone limit
does not hold any back), then one worker (hall/notify/worker.py, the loop `flask notify run`
runs) sends them over HTTP with the HMAC signature to the stand-in gateway of the tests
(tests/notify/gateway.py: a real HTTP server in a thread, keep-alive). The rate is messages
delivered per second of wall time, from the worker's start to the last delivery.

`--outage S`: when half the messages have been delivered the gateway answers 503 to
everything for S seconds, then recovers. The run then asserts that every message was
delivered exactly once (none lost, none duplicated, every signature good) and reports how
long after the gateway's recovery the first and the last message went out. The worker's
backoff is shortened for the run (first retry after 1 s, at most 5 s) so that the recovery
shows within seconds; the production default starts at 30 s.
"""
import argparse
import contextlib
import logging
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.queue_bench import machine  # noqa: E402
from tests.notify.gateway import StandInGateway  # noqa: E402

SECRET = "bench-gateway-secret"


@contextlib.contextmanager
def database(engine: str):
    """An empty throwaway database with the schema; yields its URL."""
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/notify-bench.sqlite"
        return
    import psycopg
    name = f"hall_notify_bench_{os.getpid()}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")
        c.execute(f"CREATE DATABASE {name}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fill_outbox(count: int) -> list[str]:
    from hall.core import clock
    from hall.core.extensions import db
    from hall.notify import messages, outbox
    keys = []
    now = clock.now()
    for n in range(count):
        key = f"bench:{n}"
        text = messages.ticket_called("测试县政务服务中心", f"A{n % 1000:03d}", str(n % 20 + 1))
        assert outbox.enqueue("ticket_called", f"13{n % 7 + 3}{n:08d}", text, key, now)
        keys.append(key)
    db.session.commit()
    return keys


class OutageAtHalf(threading.Thread):
    """Takes the gateway down for `seconds` once half the messages are delivered."""

    def __init__(self, gateway: StandInGateway, count: int, seconds: float):
        super().__init__(daemon=True)
        self.gateway, self.count, self.seconds = gateway, count, seconds
        self.began = self.ended = None

    def run(self):
        while len(self.gateway.delivered) < self.count // 2:
            time.sleep(0.005)
        self.gateway.down = True
        self.began = time.monotonic()
        time.sleep(self.seconds)
        self.ended = time.monotonic()
        self.gateway.down = False


def run(engine: str, count: int, outage: float, batch: int) -> dict:
    from hall import create_app
    from hall.cli import upgrade_schema
    from hall.core.extensions import db
    from hall.notify import services
    from hall.notify.channels import SmsChannel
    from hall.notify.worker import Policy, Worker

    with database(engine) as url:
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
        with app.app_context():
            upgrade_schema()
            started = time.monotonic()
            keys = fill_outbox(count)
            filled = time.monotonic() - started
        with StandInGateway(secret=SECRET) as gateway:
            policy = Policy(max_tries=1000, base_seconds=1, max_seconds=5, batch=batch,
                            idle_seconds=0.05)
            worker = Worker(SmsChannel(gateway.url, SECRET), policy, app=app)
            watcher = OutageAtHalf(gateway, count, outage) if outage else None
            thread = threading.Thread(target=_work, args=(app, worker), daemon=True)
            started = time.monotonic()
            thread.start()
            if watcher:
                watcher.start()
            while len(gateway.delivered) < count and thread.is_alive():
                time.sleep(0.002)
            elapsed = time.monotonic() - started
            worker.stop()
            thread.join(60)
            with app.app_context():
                counts = services.counts()
                db.engine.dispose()
        result = {"engine": engine, "messages": count, "fill_seconds": filled,
                  "seconds": elapsed, "rate": count / elapsed, "requests": gateway.requests,
                  "delivered": len(gateway.delivered), "duplicates": len(gateway.duplicates()),
                  "bad_signatures": gateway.bad_signatures, "counts": counts, "outage": outage}
        if watcher:
            after = [moment - watcher.ended for moment in gateway.delivered_at
                     if moment >= watcher.ended]
            result["first_after"], result["drained_after"] = min(after), max(after)
            result["refused"] = gateway.requests - count
        assert set(gateway.delivered) == set(keys), "messages lost"
        assert not gateway.duplicates(), "messages sent twice"
        assert gateway.bad_signatures == 0
        assert counts["sent"] == count and counts["pending"] == counts["failed"] == 0, counts
        return result


def _work(app, worker) -> None:
    with app.app_context():
        worker.run()


def report(results: list[dict], batch: int) -> str:
    lines = [f"### {time.strftime('%Y-%m-%d %H:%M')}", "",
             f"Machine: {machine()}. One worker, batches of {batch}, the stand-in gateway "
             "in the same process (keep-alive HTTP, HMAC checked on every request).", "",
             "| engine | messages | gateway outage | seconds | delivered per second | "
             "requests refused | first delivery after recovery | all delivered after recovery | "
             "lost | duplicated |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        outage = f"{r['outage']:.0f} s" if r["outage"] else "none"
        after = (f"{r['first_after']:.1f} s", f"{r['drained_after']:.1f} s") if r["outage"] \
            else ("—", "—")
        lines.append(f"| {r['engine']} | {r['messages']} | {outage} | {r['seconds']:.1f} | "
                     f"**{r['rate']:.0f}** | {r.get('refused', 0)} | {after[0]} | {after[1]} | "
                     f"{r['messages'] - r['delivered']} | {r['duplicates']} |")
    return "\n".join(lines) + "\n"


def write_result(text: str) -> None:
    """Add the run at the end of the notifications part of bench/RESULTS.md."""
    path = ROOT / "bench" / "RESULTS.md"
    content = path.read_text(encoding="utf-8")
    heading = "## Notifications (`bench/notify_bench.py`)"
    if heading not in content:
        content = content.rstrip("\n") + "\n\n" + heading + "\n\n" + (
            "One worker (`flask notify run`'s loop) delivers 10,000 queued SMS to the stand-in "
            "gateway of the tests; with `--outage 30` the gateway answers 503 to everything "
            "for 30 s once half are delivered, and the run asserts that none is lost and none "
            "sent twice. The worker's backoff is shortened for the run (1 s, at most 5 s).\n")
    start = content.index(heading)
    following = content.find("\n## ", start + len(heading))
    end = len(content) if following == -1 else following
    content = content[:end].rstrip("\n") + "\n\n" + text + content[end:]
    path.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--outage", type=float, default=0, help="seconds the gateway is down")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HALL_RATELIMIT", "off")
    # Every refused request is a warning line; the outage would print hundreds.
    logging.getLogger("hall.notify").setLevel(logging.ERROR)
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    results = []
    for engine in engines:
        result = run(engine, args.messages, args.outage, args.batch)
        print(f"{engine}: {result['delivered']} of {result['messages']} delivered in "
              f"{result['seconds']:.1f} s, {result['rate']:.0f} per second; "
              f"{result['duplicates']} duplicated; outbox {result['counts']}"
              + (f"; outage {args.outage:.0f} s, {result['refused']} requests refused, first "
                 f"delivery {result['first_after']:.1f} s and the last "
                 f"{result['drained_after']:.1f} s after recovery" if args.outage else ""))
        results.append(result)
    text = report(results, args.batch)
    print(text)
    if args.write:
        write_result(text)


if __name__ == "__main__":
    main()
