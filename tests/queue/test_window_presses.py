"""Simultaneous 叫号 presses on one window, through gunicorn with several workers."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from hall.core import clock
from hall.core.extensions import db
from hall.queue import tickets
from hall.queue.models import Ticket
from tests.factories import PASSWORD
from tests.live import call, gunicorn

pytestmark = pytest.mark.slow


def _hall(make, windows: int, waiting: int) -> list[str]:
    """Open windows 1..N on one line, each with its own staff; returns their usernames."""
    civil = make.category(code="civil", name="社会事务", prefix="A")
    staff = [make.user(role="staff") for _ in range(windows)]
    for n, person in enumerate(staff, start=1):
        make.window(no=n, categories=[civil], staff_a_id=person.id, status="open")
    for _ in range(waiting):
        tickets.issue_ticket(civil, clock.now())
    db.session.commit()
    return [person.username for person in staff]


def _bearer(base: str, username: str) -> dict:
    status, body = call(base, "POST", "/api/v1/auth/token",
                        {"username": username, "password": PASSWORD})
    assert status == 200, body
    return {"Authorization": "Bearer " + body["token"]}


def _press_together(base: str, presses: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Every (window, headers) press released at the same instant."""
    start = threading.Barrier(len(presses))

    def press(job):
        no, headers = job
        start.wait()
        return no, call(base, "POST", f"/api/v1/windows/{no}/call-next", headers=headers)
    with ThreadPoolExecutor(len(presses)) as pool:
        return list(pool.map(press, presses))


def _active_by_window() -> dict[int, list[int]]:
    db.session.rollback()
    found: dict[int, list[int]] = {}
    for window_id, ticket_id in db.session.execute(select(Ticket.window_id, Ticket.id).where(
            Ticket.status.in_(tickets.ACTIVE))):
        found.setdefault(window_id, []).append(ticket_id)
    return found


@pytest.mark.parametrize("presses", [8, 20])
def test_simultaneous_presses_on_one_window_call_exactly_one_ticket(app, make, database_url,
                                                                    presses):
    usernames = _hall(make, windows=1, waiting=30)
    with gunicorn(database_url, workers=4) as base:
        headers = _bearer(base, usernames[0])
        results = _press_together(base, [(1, headers)] * presses)
    statuses = sorted(status for _, (status, _) in results)
    assert statuses == [200] + [409] * (presses - 1), statuses
    for _, (status, body) in results:
        if status == 409:
            assert body["error"]["code"] == "window_busy"
            assert "本窗口已叫 A001 号" in body["error"]["message"]
    called = _active_by_window()
    assert list(called.values()) == [[next(b["id"] for _, (s, b) in results if s == 200)]]


def test_several_windows_pressing_at_once_each_get_one_distinct_ticket(app, make, database_url):
    usernames = _hall(make, windows=5, waiting=40)
    with gunicorn(database_url, workers=4) as base:
        headers = {n: _bearer(base, name) for n, name in enumerate(usernames, start=1)}
        results = _press_together(base, [(n, headers[n]) for n in headers for _ in range(6)])
    for no in headers:
        mine = sorted(status for n, (status, _) in results if n == no)
        assert mine == [200] + [409] * 5, (no, mine)
    called = _active_by_window()
    assert len(called) == 5 and all(len(ids) == 1 for ids in called.values())
    assert len({ids[0] for ids in called.values()}) == 5       # five different tickets
    answered = sorted(body["number"] for _, (status, body) in results if status == 200)
    assert answered == ["A001", "A002", "A003", "A004", "A005"]
