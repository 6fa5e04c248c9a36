"""Faults: gunicorn SIGKILLed mid-load, SQLite's write lock held, PostgreSQL restarted.

Each engine gets one database for the module (a SQLite file, a throwaway PostgreSQL database
on the test server), emptied and seeded for each test; the real restart runs on a private
PostgreSQL cluster. The servers are real multi-worker gunicorns.
"""
import contextlib
import time
from collections import defaultdict

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from hall.cases.models import Case
from hall.core import clock
from hall.core.extensions import db
from hall.events.models import Event
from hall.events.services import latest_id, publish
from hall.events.stream import broadcaster_for
from hall.queue.models import Ticket, TicketCounter
from tests.factories import PASSWORD
from tests.fault_databases import (
    PrivateCluster,
    SeededHall,
    build_hall,
    build_schema,
    inspecting,
    terminate_connections,
    throwaway_pg_database,
    write_lock_held,
)
from tests.fault_helpers import EventReader, Load, Server, log_tail, post

pytestmark = pytest.mark.slow

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
LOCK_SECONDS, RETRY_SECONDS = 1.0, 3.0     # short, so the tests wait seconds, not minutes
FAST_FAULTS = {"HALL_DATABASE_LOCK_TIMEOUT": str(LOCK_SECONDS),
               "HALL_DATABASE_RETRY_SECONDS": str(RETRY_SECONDS)}


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory):
    return build_schema(f"sqlite:///{tmp_path_factory.mktemp('faults') / 'hall.sqlite'}")


@pytest.fixture(scope="module")
def postgresql_url():
    with throwaway_pg_database() as url:
        yield build_schema(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_hall(request) -> SeededHall:
    """The seeded hall on SQLite, then on PostgreSQL."""
    return build_hall(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def pg_hall(postgresql_url) -> SeededHall:
    return build_hall(postgresql_url)


def bearer(base: str, seeded: SeededHall) -> dict:
    status, body = post(base, "/api/v1/auth/token",
                        {"username": seeded.username, "password": PASSWORD})
    assert status == 200, body
    return {"Authorization": "Bearer " + body["token"]}


def ticket_requests(count: int) -> list:
    return [("ticket", "/api/v1/tickets", {"category": ("civil", "biz")[n % 2]}, {})
            for n in range(count)]


def case_requests(seeded: SeededHall, headers: dict, count: int) -> list:
    body = {"item": seeded.item, "applicant": PERSON, "window": 1,
            "materials": seeded.materials}
    return [("case", "/api/v1/cases", body, headers)] * count


def assert_numbering_intact(tickets: list[dict], cases: list[dict]) -> None:
    """Every acknowledged ticket and case is stored; numbers distinct and gap-free per day."""
    rows = db.session.execute(select(Ticket.id, Ticket.issued_category_id, Ticket.day,
                                     Ticket.seq, Ticket.number)).all()
    stored = {row.id: row.number for row in rows}
    assert [t for t in tickets if stored.get(t["id"]) != t["number"]] == []
    lines = defaultdict(list)
    for row in rows:
        lines[(row.issued_category_id, row.day)].append(row.seq)
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in lines.values()), lines
    counters = {(c.category_id, c.day): c.last_seq
                for c in db.session.scalars(select(TicketCounter))}
    assert counters == {key: len(seqs) for key, seqs in lines.items()}
    case_nos = set(db.session.scalars(select(Case.case_no)))
    assert {c["case_no"] for c in cases} <= case_nos
    days = defaultdict(list)
    for case_no in case_nos:
        days[case_no[:-4]].append(int(case_no[-4:]))
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in days.values())


def assert_journals_intact(app) -> None:
    """Event ids run 1..N with the head at N; `flask audit verify` passes."""
    ids = db.session.scalars(select(Event.id).order_by(Event.id)).all()
    assert ids == list(range(1, len(ids) + 1)) and latest_id() == len(ids)
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_sigkill_mid_load_loses_no_acknowledged_ticket_or_case(seeded_hall, tmp_path, capsys):
    with Server(seeded_hall.url, tmp_path / "first.log") as first:
        headers = bearer(first.base, seeded_hall)
        with Load(first.base, ticket_requests(7) + case_requests(seeded_hall, headers, 3)) as load:
            load.run_until(at_least=1.5, at_most=20, ticket=10, case=3)
            killed_at = time.monotonic()
            first.kill()
    tickets, cases = load.acknowledged("ticket"), load.acknowledged("case")
    lost = [o for o in load.outcomes if o.status is None and o.started < killed_at]
    assert len(tickets) >= 10 and len(cases) >= 3
    assert {o.status for o in load.outcomes} <= {200, 201, None}, log_tail(tmp_path / "first.log")
    with inspecting(seeded_hall.url):
        events_before = latest_id()
    with Server(seeded_hall.url, tmp_path / "second.log") as second:
        reader = EventReader(second.base, last_id=events_before)
        after = [post(second.base, "/api/v1/tickets", {"category": "civil"}) for _ in range(3)]
        time.sleep(0.5)
        streamed = reader.close()
    assert [status for status, _ in after] == [201, 201, 201]
    numbers = [int(body["number"][1:]) for _, body in after]
    before = max((int(t["number"][1:]) for t in tickets if t["category"] == "civil"), default=0)
    assert numbers[0] > before and numbers == list(range(numbers[0], numbers[0] + 3))
    ids = [event[0] for event in streamed]
    assert ids == list(range(events_before + 1, events_before + 1 + len(ids))) and len(ids) >= 3
    with inspecting(seeded_hall.url) as app:
        assert_numbering_intact(tickets + [body for _, body in after], cases)
        assert_journals_intact(app)
    with capsys.disabled():
        print(f"\n[faults] SIGKILL on {make_url(seeded_hall.url).get_backend_name()}: "
              f"{len(tickets)} tickets and {len(cases)} cases acknowledged, "
              f"{len(lost)} in flight cut off; all there after restart")


def ticket_count() -> int:
    return db.session.scalar(select(db.func.count()).select_from(Ticket))


def test_a_lock_released_within_the_retries_still_issues_the_ticket(seeded_hall):
    with inspecting(seeded_hall.url, DATABASE_LOCK_TIMEOUT=LOCK_SECONDS,
                    DATABASE_RETRY_SECONDS=RETRY_SECONDS) as app:
        client = app.test_client()
        started = time.monotonic()
        with write_lock_held(seeded_hall.url, LOCK_SECONDS * 1.5):
            response = client.post("/api/v1/tickets", json={"category": "civil"})
        assert response.status_code == 201, response.json
        assert time.monotonic() - started >= LOCK_SECONDS * 1.5
        assert response.json["number"] == "A001"


def test_a_lock_held_past_the_retries_answers_503_busy_never_500(seeded_hall):
    with inspecting(seeded_hall.url, DATABASE_LOCK_TIMEOUT=LOCK_SECONDS,
                    DATABASE_RETRY_SECONDS=RETRY_SECONDS) as app:
        client = app.test_client()
        with write_lock_held(seeded_hall.url, None):
            started = time.monotonic()
            response = client.post("/api/v1/tickets", json={"category": "civil"})
            waited = time.monotonic() - started
            page = client.post("/kiosk/tickets", data={"category": "civil"})
        assert response.status_code == 503
        assert response.json["error"]["code"] == "busy"
        assert response.json["error"]["message"] == "系统繁忙，请稍后再试"
        assert int(response.headers["Retry-After"]) > 0
        assert RETRY_SECONDS <= waited < RETRY_SECONDS + LOCK_SECONDS + 2
        assert page.status_code == 503 and page.mimetype == "text/html"
        text = page.get_data(as_text=True)
        assert "系统繁忙" in text and 'href="/kiosk"' in text
        assert ticket_count() == 0
        again = client.post("/kiosk/tickets", data={"category": "civil"})
        assert again.status_code == 302 and ticket_count() == 1


def recovery(outcomes, fault_at: float) -> float:
    """Seconds from the fault to the first success of a request started after it."""
    after = [o.ended for o in outcomes if o.started >= fault_at and o.status == 201]
    return min(after) - fault_at


def check_recovered(load: Load, fault_at: float, streamed: list, log) -> float:
    """Only 201 or 503, none hanging, all fine soon after the fault, events still flowing."""
    outcomes = load.outcomes
    assert {o.status for o in outcomes} <= {201, 503}, log_tail(log)
    assert max(o.ended - o.started for o in outcomes) < RETRY_SECONDS + LOCK_SECONDS + 5
    recovered = recovery(outcomes, fault_at)
    assert recovered < 5
    late = [o for o in outcomes if o.started > fault_at + recovered + 0.5]
    assert late and {o.status for o in late} == {201}, log_tail(log)
    ids = [event[0] for event in streamed]
    assert ids == sorted(set(ids))
    last = max(load.acknowledged("ticket"), key=lambda t: t["id"])
    assert last["id"] in {e[2]["id"] for e in streamed if e[1] == "ticket.issued"}
    return recovered


@contextlib.contextmanager
def poller_on(url: str):
    """This process's event poller (Broadcaster) on the database, with one listener."""
    with inspecting(url) as app:
        feed = broadcaster_for(app)
        feed.subscribe()
        try:
            yield app, feed
        finally:
            feed.unsubscribe()
            feed.stop()


def publish_and_see(app, feed, seconds: float = 8) -> bool:
    """Publish one event (retrying while the database is away) and wait for the poller."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            event_id = publish("window.changed", {"test": True}, clock.now())
            db.session.commit()
        except Exception:   # the database is still away
            db.session.rollback()
            time.sleep(0.2)
            continue
        return any(row[0] == event_id for row in feed.wait_after(event_id - 1, deadline -
                                                                   time.monotonic()))
    return False


def run_fault(seeded: SeededHall, tmp_path, fault) -> tuple[Load, float, list]:
    """Load, a stream and the in-process poller on gunicorn; `fault()` strikes after 1 s."""
    with Server(seeded.url, tmp_path / "server.log", env=FAST_FAULTS) as server, \
            poller_on(seeded.url) as (app, feed):
        assert publish_and_see(app, feed)
        reader = EventReader(server.base, last_id=0)
        with Load(server.base, ticket_requests(6)) as load:
            time.sleep(1.0)
            fault_at = time.monotonic()
            fault()
            time.sleep(4.0)
        time.sleep(0.5)
        streamed = reader.close()
        assert feed.thread is not None and feed.thread.is_alive()
        assert publish_and_see(app, feed)
    return load, fault_at, streamed


def report(what: str, load: Load, recovered: float) -> None:
    busy = sum(o.status == 503 for o in load.outcomes)
    print(f"\n[faults] {what}: {len(load.acknowledged('ticket'))} tickets acknowledged, "
          f"{busy} answered 503, recovered {recovered:.2f} s after the fault")


def test_postgresql_connections_killed_mid_load_recover_by_themselves(pg_hall, tmp_path,
                                                                     capsys):
    killed = []
    load, fault_at, streamed = run_fault(
        pg_hall, tmp_path, lambda: killed.append(terminate_connections(pg_hall.url)))
    assert killed[0] > 0
    recovered = check_recovered(load, fault_at, streamed, tmp_path / "server.log")
    with inspecting(pg_hall.url) as app:
        assert_numbering_intact(load.acknowledged("ticket"), [])
        assert_journals_intact(app)
    with capsys.disabled():
        report(f"pg_terminate_backend of {killed[0]} connections", load, recovered)


@pytest.mark.skipif(not PrivateCluster.available(),
                    reason="needs root and PostgreSQL's initdb for a private cluster")
def test_a_real_postgresql_restart_is_survived_without_restarting_the_app(tmp_path, capsys):
    cluster = PrivateCluster()
    try:
        seeded = build_hall(build_schema(cluster.url()))

        def restart():
            cluster.stop("fast")
            time.sleep(1.0)
            cluster.start()
        load, fault_at, streamed = run_fault(seeded, tmp_path, restart)
        recovered = check_recovered(load, fault_at, streamed, tmp_path / "server.log")
        with inspecting(seeded.url) as app:
            assert_numbering_intact(load.acknowledged("ticket"), [])
            assert_journals_intact(app)
    finally:
        cluster.destroy()
    with capsys.disabled():
        report("PostgreSQL stopped for 1 s and started again", load, recovered)
