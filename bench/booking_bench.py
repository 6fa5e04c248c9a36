"""Booking benchmark: 500 people book at once for the 50 places of one slot.

Usage: .venv/bin/python bench/booking_bench.py [--engine sqlite|postgresql|both]
       [--people 500] [--places 50] [--clients 0] [--workers 4] [--threads 8] [--full]
       [--write]

Two modes, each POSTing /api/v1/appointments once per person (a distinct 身份证号 each) to
gunicorn on a throwaway database with the demo hall (bench/queue_bench.py builds it; rate
limits off):
- burst (--clients 0, the default): every person opens a connection of their own at the
  same moment and sends the booking as soon as it is open; one thread drives all the
  connections through a selector (as wrk does), so that the client spends little of the
  two cores the server needs;
- clients (--clients N): N threads share the people; each client sends its next booking
  (on a new connection, as the next person would) when the previous one was answered.
--full fills the slot before the run (every answer is then a refusal, the cheapest answer
the route gives): the floor that the machine, gunicorn and the client set, whatever the
booking itself costs.
Before either, the workers are warmed up (a few requests per thread for a slot that does not
exist), so that the figures are those of a server that has been running.
The run checks that exactly `places` were booked (the answers and the slot's row agree) and
reports p50/p95 of all answers (target p95 <= 300 ms) and of the successful ones.
"""
import argparse
import http.client
import json
import selectors
import socket
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.queue_bench import database, gunicorn, machine, percentile  # noqa: E402
from tests.appointments.conftest import person_id, phone_of  # noqa: E402

TARGET_P95_MS = 300
HEADING = "## Booking (`bench/booking_bench.py`)"


def prepare(url: str, places: int) -> int:
    """One slot of `places` on the first day with slots in the booking window; its id."""
    from hall import create_app
    from hall.appointments import services
    from hall.appointments.models import SlotTemplate
    from hall.core import clock
    from hall.core.extensions import db
    from hall.queue.models import Category
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        category = db.session.scalars(db.select(Category).order_by(Category.id)).first()
        for weekday in range(7):
            db.session.add(SlotTemplate(category_id=category.id, weekday=weekday,
                                        start_time="23:00", end_time="23:30",
                                        capacity=places, active=True))
        db.session.flush()
        today = clock.local().date()
        for n in range(2, 8):
            slots = services.slots_for(category, today + timedelta(days=n), clock.now())
            if slots:
                db.session.commit()
                slot_id = slots[0].id
                db.engine.dispose()
                return slot_id
    raise RuntimeError("no day with slots in the booking window")


def fill(url: str, slot_id: int) -> None:
    """Every place of the slot taken before the run (the --full baseline)."""
    from hall import create_app
    from hall.appointments.models import Slot
    from hall.core.extensions import db
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.session.execute(db.update(Slot).where(Slot.id == slot_id)
                           .values(booked=Slot.capacity))
        db.session.commit()
        db.engine.dispose()


def booked(url: str, slot_id: int) -> tuple[int, int]:
    """(slot.booked, appointments stored) after the run."""
    from hall import create_app
    from hall.appointments.models import Appointment, Slot
    from hall.core.extensions import db
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        stored = db.session.scalar(db.select(db.func.count()).select_from(Appointment))
        db.engine.dispose()
        return slot.booked, stored


def race(port: int, slot_id: int, people: int) -> list[tuple[int, str, float]]:
    """Every person books once, all released at the same moment: (status, code, seconds).

    One thread drives every connection through a selector, as load generators such as wrk
    do: 500 client threads would spend the machine's two cores on the GIL and on waking
    each other, and the figures would be the client's. Each person's clock starts when
    their connection is opened (the connection is part of the request, as before)."""
    requests = [_booking_request(port, slot_id, n) for n in range(people)]
    results: list[tuple[int, str, float]] = [None] * people
    selector = selectors.DefaultSelector()
    for n, payload in enumerate(requests):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        selector.register(sock, selectors.EVENT_WRITE,
                          _Exchange(n, payload, time.monotonic()))
    pending = people
    deadline = time.monotonic() + 120
    while pending and time.monotonic() < deadline:
        for key, events in selector.select(timeout=1):
            exchange: _Exchange = key.data
            if events & selectors.EVENT_WRITE:
                _send(key.fileobj, exchange, selector)
            elif _receive(key.fileobj, exchange):
                results[exchange.n] = exchange.result()
                selector.unregister(key.fileobj)
                key.fileobj.close()
                pending -= 1
    selector.close()
    if pending:
        raise RuntimeError(f"{pending} bookings were not answered in 120 s")
    return results


class _Exchange:
    """One person's request and the answer as it arrives."""

    def __init__(self, n: int, payload: bytes, started: float):
        self.n, self.payload, self.started = n, payload, started
        self.sent = 0
        self.received = b""
        self.finished = 0.0

    def complete(self) -> bool:
        head, _, body = self.received.partition(b"\r\n\r\n")
        if not _:
            return False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                return len(body) >= int(value)
        return False

    def result(self) -> tuple[int, str, float]:
        head, _, body = self.received.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        answer = json.loads(body or b"{}")
        return status, answer.get("error", {}).get("code", ""), self.finished - self.started


def _send(sock, exchange: _Exchange, selector) -> None:
    exchange.sent += sock.send(exchange.payload[exchange.sent:])
    if exchange.sent == len(exchange.payload):
        selector.modify(sock, selectors.EVENT_READ, exchange)


def _receive(sock, exchange: _Exchange) -> bool:
    """True once the whole answer is in."""
    chunk = sock.recv(65536)
    exchange.received += chunk
    if exchange.complete() or not chunk:
        exchange.finished = time.monotonic()
        return True
    return False


def _booking_body(slot_id: int, n: int) -> str:
    """Person n's booking: a distinct 身份证号 and mobile each."""
    return json.dumps({"slot_id": slot_id, "name": f"测试{n}", "id_number": person_id(n),
                       "phone": phone_of(n)})


def _booking_request(port: int, slot_id: int, n: int) -> bytes:
    body = _booking_body(slot_id, n).encode()
    return (f"POST /api/v1/appointments HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n").encode() + body


def book_once(port: int, slot_id: int, n: int) -> tuple[int, str, float]:
    """Person n books on a connection of their own: (status, error code, seconds)."""
    body = _booking_body(slot_id, n)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.monotonic()
    connection.request("POST", "/api/v1/appointments", body,
                       {"Content-Type": "application/json"})
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    connection.close()
    return (response.status, answer.get("error", {}).get("code", ""),
            time.monotonic() - started)


def clients_share(port: int, slot_id: int, people: int,
                  clients: int) -> list[tuple[int, str, float]]:
    """`clients` threads take the people in turn, each booking when its last was answered."""
    results: list[tuple[int, str, float]] = [None] * people
    turns = iter(range(people))
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client() -> None:
        barrier.wait()
        while True:
            with lock:
                n = next(turns, None)
            if n is None:
                return
            results[n] = book_once(port, slot_id, n)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def warm_up(port: int, slot_id: int, connections: int) -> None:
    """Each worker thread answers a few bookings of a slot that does not exist (404) first,
    so that the run meets warm workers (a connection each, imports done), as a hall's
    server that has been running would be."""
    def asks(_) -> None:
        for _ in range(3):
            book_once(port, slot_id + 10 ** 9, 0)
    threads = [threading.Thread(target=asks, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run(engine: str, people: int, places: int, workers: int, threads: int,
        clients: int = 0, full: bool = False) -> dict:
    with database(engine) as url:
        slot_id = prepare(url, places)
        if full:
            fill(url, slot_id)
        with gunicorn("hall:create_app()", url, workers=workers, threads=threads) as port:
            warm_up(port, slot_id, workers * threads)
            started = time.monotonic()
            if clients:
                results = clients_share(port, slot_id, people, clients)
            else:
                results = race(port, slot_id, people)
            elapsed = time.monotonic() - started
        slot_booked, stored = booked(url, slot_id)
    statuses: dict[str, int] = {}
    for status, code, _ in results:
        key = f"{status} {code}".strip()
        statuses[key] = statuses.get(key, 0) + 1
    every = [seconds * 1000 for _, _, seconds in results]
    won = [seconds * 1000 for status, _, seconds in results if status == 201]
    return {"engine": engine, "people": people, "places": places, "full": full,
            "workers": workers,
            "threads": threads, "clients": clients, "statuses": statuses,
            "slot_booked": slot_booked, "stored": stored, "elapsed": elapsed,
            "p50": percentile(every, 0.5), "p95": percentile(every, 0.95), "max": max(every),
            "won_p50": percentile(won, 0.5) if won else 0,
            "won_p95": percentile(won, 0.95) if won else 0}


def report(r: dict) -> str:
    if r["full"]:
        exact = r["statuses"].get("201", 0) == r["stored"] == 0
    else:
        exact = r["statuses"].get("201", 0) == r["places"] == r["slot_booked"] == r["stored"]
    statuses = ", ".join(f"{key}: {count}" for key, count in sorted(r["statuses"].items()))
    return "\n".join([
        f"### {r['engine']}, {'clients' if r['clients'] else 'burst'}"
        f"{', baseline' if r['full'] else ''} — "
        f"{time.strftime('%Y-%m-%d %H:%M')}", "",
        f"Machine: {machine()}. gunicorn {r['workers']} workers × {r['threads']} threads; "
        f"{_mode(r)}, one booking each, for one slot of {r['places']} places.", "",
        f"Answers: {statuses}. Slot row booked = {r['slot_booked']}, appointments stored = "
        f"{r['stored']}: **{_verdict(r, exact)}**.", "",
        "| answers | p50 ms | p95 ms | max ms |", "| --- | ---: | ---: | ---: |",
        f"| all {r['people']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} |",
        f"| the {r['statuses'].get('201', 0)} booked | {r['won_p50']:.0f} | "
        f"{r['won_p95']:.0f} | |", "",
        f"All answered in {r['elapsed']:.1f} s; p95 target {TARGET_P95_MS} ms: "
        f"**{'met' if r['p95'] <= TARGET_P95_MS else 'not met'}**.", ""])


def _verdict(r: dict, exact: bool) -> str:
    if r["full"]:
        return "none booked, as the full slot must" if exact else "BOOKED a full slot"
    return f"{'exactly' if exact else 'NOT'} {r['places']} booked"


def _mode(r: dict) -> str:
    if r["clients"]:
        mode = (f"{r['people']} people shared by {r['clients']} concurrent clients (each "
                "sends its next booking when the last was answered)")
    else:
        mode = f"{r['people']} clients released together"
    return mode + (" (baseline: the slot full before the run)" if r["full"] else "")


def write_result(text: str) -> None:
    """Add the run at the end of the booking section of bench/RESULTS.md (added once)."""
    path = ROOT / "bench" / "RESULTS.md"
    content = path.read_text(encoding="utf-8")
    if HEADING not in content:
        content = content.rstrip("\n") + "\n\n" + HEADING + "\n\n" + (
            "500 clients, each with its own connection, are released together by a barrier "
            "and POST one booking each (distinct people) for the 50 places of one slot; the "
            "database decides the last place (`UPDATE slot SET booked = booked + 1 WHERE "
            "booked < capacity`). Latency is from sending the request to reading the answer, "
            "queueing in gunicorn's backlog included.\n")
    end = content.find("\n## ", content.index(HEADING) + len(HEADING))   # the next section
    if end == -1:
        content = content.rstrip("\n") + "\n\n" + text
    else:
        content = content[:end].rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n" + content[end:]
    path.write_text(content, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--clients", type=int, default=0,
                        help="concurrent clients sharing the people (0: all at once)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--full", action="store_true",
                        help="fill the slot first: the baseline of refusals only")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    for engine in engines:
        result = run(engine, args.people, args.places, args.workers, args.threads,
                     args.clients, args.full)
        text = report(result)
        print(text)
        if args.write:
            write_result(text)


if __name__ == "__main__":
    main()
