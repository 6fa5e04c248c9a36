"""The console's queue panel: the lines the window serves, each with what it may call, and
the tickets of other lines sent to it (issue #13: an E ticket at window 1 with 等候 0 人)."""
import re

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.queue import tickets
from tests.queue.conftest import TwoWindowHall


def _send(floor: TwoWindowHall, line, start, to):
    """A ticket of `line` called at window `start` and transferred to window `to`."""
    ticket = tickets.issue_ticket(line, clock.now())
    assert tickets.call_next(start, Actor.of(floor.staff), clock.now()) is ticket
    tickets.transfer(ticket, Actor.of(floor.staff), clock.now(), window=to)
    return ticket


def _line(floor: TwoWindowHall, make):
    """Window 3 serves A, window 4 A and B. Waiting: B001 sent from window 4 to window 3,
    A001 sent from window 5 to window 4, then A002 A003 in line A."""
    w5 = make.window(no=5, categories=[floor.a], staff_a_id=floor.staff.id)
    sent_b = _send(floor, floor.b, floor.w4, floor.w3)
    sent_a = _send(floor, floor.a, w5, floor.w4)     # window 3 may not call it
    own = [tickets.issue_ticket(floor.a, clock.now()) for _ in range(2)]
    db.session.commit()
    return own, sent_b, sent_a


def test_the_state_lists_each_served_line_and_the_tickets_sent_here(client, two_window_hall, auth,
                                                                     make):
    own, sent_b, _ = _line(two_window_hall, make)
    auth.login(two_window_hall.staff.username)
    state = client.get("/api/v1/windows/3/console").json
    assert state["queues"] == [{"code": "civil", "prefix": "A", "name": "社会事务",
                                "waiting": 2}]
    assert state["sent_here"] == 1 and state["waiting_total"] == 3
    line = {t["number"]: t["own_line"] for t in state["waiting"]}
    assert line == {sent_b.number: False, own[0].number: True, own[1].number: True}


def test_a_window_of_two_lines_counts_each(client, two_window_hall, auth, make):
    _line(two_window_hall, make)
    auth.login(two_window_hall.staff.username)
    state = client.get("/api/v1/windows/4/console").json
    # Window 4's A line: A002 A003 and A001 sent to it; B001 went to window 3.
    assert [(q["prefix"], q["waiting"]) for q in state["queues"]] == [("A", 3), ("B", 0)]
    assert state["sent_here"] == 0 and state["waiting_total"] == 3


def test_the_page_draws_the_panel_before_any_script_runs(client, two_window_hall, auth, make):
    _line(two_window_hall, make)
    auth.login(two_window_hall.staff.username)
    page = client.get("/windows/3").get_data(as_text=True)
    panel = re.search(r'<ul class="c-queues".*?</ul>', page, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", panel))
    assert "A 社会事务 等候 2 人" in text
    assert "→ 转入本窗口的其他队列号码 等候 1 人" in text
    assert "本窗口可叫 <strong data-waiting-total>3</strong> 人" in page


def test_a_window_without_lines_says_so(client, two_window_hall, auth, make):
    make.window(no=7, staff_a_id=two_window_hall.staff.id)
    db.session.commit()
    auth.login(two_window_hall.staff.username)
    page = client.get("/windows/7").get_data(as_text=True)
    assert "本窗口未设置受理的队列，请联系大厅管理员" in page
    state = client.get("/api/v1/windows/7/console").json
    assert state["queues"] == [] and state["waiting_total"] == 0
