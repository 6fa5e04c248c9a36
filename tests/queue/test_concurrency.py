"""Many kiosks and windows at once, through HTTP against gunicorn with several workers."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from hall.audit.services import verify_chain
from hall.core import clock
from hall.core.extensions import db
from hall.events.models import Event
from hall.queue import tickets
from tests.factories import PASSWORD
from tests.live import call, gunicorn

pytestmark = pytest.mark.slow


def test_twenty_kiosks_issue_a_thousand_distinct_gap_free_numbers(app, make, database_url):
    make.category(code="civil", name="社会事务", prefix="A")
    make.window(no=1, categories=[])
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        def kiosk(_):
            return [call(base, "POST", "/api/v1/tickets", {"category": "civil"})
                    for _ in range(50)]
        with ThreadPoolExecutor(20) as pool:
            results = [r for batch in pool.map(kiosk, range(20)) for r in batch]
    assert {status for status, _ in results} == {201}
    numbers = [body["number"] for _, body in results]
    assert len(set(numbers)) == 1000
    assert sorted(numbers, key=lambda n: int(n[1:])) == [f"A{n:03d}" for n in range(1, 1001)]
    # Nobody was called: each ticket was told how many were ahead, and no two the same.
    assert sorted(body["ahead"] for _, body in results) == list(range(1000))
    _assert_journals_intact(1000)


def _assert_journals_intact(at_least: int) -> None:
    """The audit chain verifies and the event ids run 1..N without a gap."""
    db.session.rollback()
    checked, bad, why = verify_chain()
    assert (bad, why) == (None, "") and checked >= at_least
    ids = db.session.scalars(select(Event.id).order_by(Event.id)).all()
    assert ids == list(range(1, len(ids) + 1)) and len(ids) >= at_least


def test_eight_windows_calling_at_once_call_each_ticket_exactly_once(app, make, database_url):
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = [make.user(role="staff") for _ in range(8)]
    for n, person in enumerate(staff, start=1):
        make.window(no=n, categories=[civil], staff_a_id=person.id)
    issued = [tickets.issue_ticket(civil, clock.now()).id for _ in range(240)]
    usernames = [person.username for person in staff]
    db.session.commit()
    with gunicorn(database_url, workers=4) as base:
        def window(n):
            _, token = call(base, "POST", "/api/v1/auth/token",
                            {"username": usernames[n - 1], "password": PASSWORD})
            headers = {"Authorization": "Bearer " + token["token"]}
            called = []
            while True:
                status, body = call(base, "POST", f"/api/v1/windows/{n}/call-next",
                                    headers=headers)
                if status == 204:
                    return called
                assert status == 200, body
                called.append(body["id"])
                status, _ = call(base, "POST", f"/api/v1/tickets/{body['id']}/finish",
                                 headers=headers)
                assert status == 200
        with ThreadPoolExecutor(8) as pool:
            per_window = list(pool.map(window, range(1, 9)))
    everything = [ticket_id for calls in per_window for ticket_id in calls]
    assert sorted(everything) == sorted(issued)
    assert all(calls for calls in per_window)     # every window got some of the work
    _assert_journals_intact(240 * 3)


def _read_events(base: str, last_event_id: int | None, wanted: int, seconds: float = 10):
    """Read `wanted` events from /api/v1/events; returns [(id, kind, data)]."""
    import http.client
    import time
    from urllib.parse import urlsplit
    host = urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=seconds)
    headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
    connection.request("GET", "/api/v1/events", headers=headers)
    response = connection.getresponse()
    events, current, deadline = [], {}, time.monotonic() + seconds
    while len(events) < wanted and time.monotonic() < deadline:
        line = response.fp.readline().decode().rstrip("\n")
        if line.startswith(("id", "event", "data")):
            key, _, value = line.partition(": ")
            current[key] = value
        elif line == "" and "id" in current:
            events.append((int(current["id"]), current["event"], current["data"]))
            current = {}
    connection.sock.shutdown(2)   # unblocks the reader; close() then returns at once
    response.close()
    connection.close()
    return events


def test_every_worker_streams_every_event_and_resumes_after_last_event_id(app, make, database_url):
    make.category(code="civil", name="社会事务", prefix="A")
    db.session.commit()
    with gunicorn(database_url, workers=3) as base:
        for _ in range(6):
            assert call(base, "POST", "/api/v1/tickets", {"category": "civil"})[0] == 201
        streams = [_read_events(base, 0, 6) for _ in range(6)]   # spread over the workers
        resumed = _read_events(base, 3, 3)
    for events in streams:
        assert [e[0] for e in events] == [1, 2, 3, 4, 5, 6]
        assert {e[1] for e in events} == {"ticket.issued"}
    assert [e[0] for e in resumed] == [4, 5, 6]
