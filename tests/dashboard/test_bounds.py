"""The dashboard's number of SQL statements is a small constant: it does not grow with the
windows, categories, tickets, cases or follow-ups (no query per row)."""
import contextlib
import re
import threading

from sqlalchemy import event

from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard import chart
from hall.dashboard.snapshot import build
from hall.queue import tickets
from hall.ratings.services import rate
from tests.dashboard.morning import accept, at, move
from tests.dashboard.morning import build as build_hall

# 30 before 预约办理: the day's bookings and the appointments due add one statement each.
MAX_STATEMENTS = 32


@contextlib.contextmanager
def counting():
    """The statements this thread sends to the database inside the block."""
    seen, me = [], threading.get_ident()

    def note(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == me:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def statements(app) -> list[str]:
    """Statements of one snapshot inside a request (settings are read once per request)."""
    with app.test_request_context("/api/v1/dashboard"), counting() as seen:
        build(clock.now())
    return [re.sub(r"IN \([^)]*\)", "IN (…)", " ".join(statement.split()))[:80]
            for statement in seen]


def grow(hall, make) -> None:
    """Twelve more windows, each with its own line, a ticket served, a ticket being
    served, someone waiting; ten more red cases and five more 差评 follow-ups."""
    for n in range(12):
        staff = make.user(role="staff")
        line = make.category(code=f"extra{n}", name=f"类别{n}", prefix=chr(ord("C") + n))
        window = make.window(no=10 + n, categories=[line], staff_a_id=staff.id)
        for _ in range(3):
            tickets.issue_ticket(line, move(at("09:00")))
        done = tickets.call_next(window, Actor.of(staff), move(at("09:05")))
        tickets.finish(done, Actor.of(staff), move(at("09:15")))
        if n < 5:
            rate(done, 1, "", [], "evaluator", move(at("09:16")))
        tickets.call_next(window, Actor.of(staff), move(at("09:20")))
    for n in range(10):
        accept(hall, hall.slow, at("10:00", "2026-11-1" + str(n % 9)))
    db.session.commit()
    move(at("10:00"))


def test_the_statement_count_does_not_grow_with_the_hall(app, make, busy_hall):
    small = statements(app)
    assert len(small) <= MAX_STATEMENTS
    grow(busy_hall, make)
    snap = build(clock.now())
    assert len(snap["windows"]) == 14 and snap["cases"]["counts"]["red"] >= 10
    assert snap["follow_ups"]["total"] == 5
    assert statements(app) == small


def test_the_chart_scale_is_a_round_number():
    assert [chart.nice_step(peak) for peak in (0, 1, 4, 5, 9, 40, 41, 78, 94, 1000)] == [
        1, 1, 1, 2, 5, 10, 20, 20, 50, 500]


def test_the_chart_geometry_draws_every_hour_in_its_box():
    hours = [{"hour": h, "label": f"{h}时", "issued": h - 8, "served": 0}
             for h in range(8, 18)]
    shape = chart.geometry(hours)
    assert len(shape["bars"]) == 20 and len(shape["labels"]) == 10 and len(shape["ticks"]) == 5
    assert [t["text"] for t in shape["ticks"]] == ["0", "5", "10", "15", "20"]   # peak 9
    tallest = max(shape["bars"], key=lambda b: b["height"])
    assert tallest["value"] == 9 and tallest["y"] >= 0
    assert all(b["x"] + b["width"] <= shape["right"] for b in shape["bars"])
    assert all(b["height"] == 0 for b in shape["bars"] if b["series"] == "served")
    baseline = shape["ticks"][0]["y"]
    assert all(abs(b["y"] + b["height"] - baseline) < 0.2 for b in shape["bars"])


def test_a_day_outside_8_to_18_is_not_charted(app, make):
    hall = build_hall(make)
    # Outside the hall's hours (conftest: 08:00 to 18:00) only staff issue, as green channel.
    tickets.issue_ticket(hall.civil, move(at("07:59")), check_hours=False)
    tickets.issue_ticket(hall.civil, move(at("18:00")), check_hours=False)
    tickets.issue_ticket(hall.civil, move(at("17:59")))
    db.session.commit()
    hours = chart.hourly(clock.local().date())
    assert [h["issued"] for h in hours] == [0] * 9 + [1]
