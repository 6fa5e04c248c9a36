"""Which department a ticket counts for (hall/queue/attribution.py), stored as it happens,
backfilled by migration 0018 with the same rule, and what the report says of the rest.

The hall: 民政局 (D1) and 市场监管局 (D2). Items: 最低生活保障 (I1, D1), 个体工商户登记 (I2,
D2), 食品经营许可 (I3, D2, whose 取号 category is line B: it is not listed under B). Lines:
A lists I1 (→ D1), M lists I1 and I2 (D1 and D2), B only through I3 (→ D2). Window 1 serves
D1 (lines A, M); window 3 serves D1 and D2 (lines A, M, B).

Tickets on 2026-11-02, one at a time:
  ta  A at window 3, no case                → D1 (rule 3: the line has one department)
  tm  M at window 3, no case                → none (two departments, window of two)
  tc  M at window 3, case I2, then case I1  → D2 (rule 1: the first case)
  td  M at window 1, no case                → D1 (rule 2: window 1 serves D1 only)
  tb  B at window 3, no case                → D2 (rule 3 through I3's 取号 category)
  tt  M at window 3, case I2, transferred to window 1 and called there → stays D2
  ua  A never called                        → D1 in the report (rule 3, no window)
  um  M never called                        → none in the report
"""
import importlib.util
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

import hall as hall_package
from hall.cases import services as cases
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard import reports
from hall.queue import attribution, tickets
from hall.queue.models import Ticket

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
NOVEMBER = reports.Period(date(2026, 11, 1), date(2026, 11, 30))


class Hall:
    def __init__(self, make, freeze):
        self.freeze = freeze
        freeze("2026-11-02 08:30")
        self.d1 = make.department(name="民政局", sort_order=1)
        self.d2 = make.department(name="市场监管局", sort_order=2)
        self.i1 = make.item(department=self.d1, name="最低生活保障", promised_days=0)
        self.i2 = make.item(department=self.d2, name="个体工商户登记", promised_days=0)
        self.a = make.category(code="civil", name="社会事务", prefix="A", items=[self.i1])
        self.m = make.category(code="mixed", name="综合业务", prefix="M",
                               items=[self.i1, self.i2])
        self.b = make.category(code="food", name="食品经营", prefix="B")
        self.i3 = make.item(department=self.d2, name="食品经营许可", promised_days=0,
                            category_id=self.b.id)
        self.staff = make.user(role="staff", name="陈晓燕")
        self.w1 = make.window(no=1, name="民政窗口", categories=[self.a, self.m],
                              departments=[self.d1], staff_a_id=self.staff.id)
        self.w3 = make.window(no=3, name="综合受理窗口", categories=[self.a, self.m, self.b],
                              departments=[self.d1, self.d2], staff_a_id=self.staff.id)
        db.session.commit()
        self.minute = 0

    def now(self):
        self.minute += 1
        self.freeze(f"2026-11-02 09:{self.minute:02d}")
        return clock.now()

    def served(self, category, window, items=(), finish=True):
        ticket = tickets.issue_ticket(category, self.now())
        assert tickets.call_next(window, Actor.of(self.staff), self.now()) is ticket
        tickets.start(ticket, Actor.of(self.staff), self.now())
        for item in items:
            cases.accept(Actor.of(self.staff), self.now(), item=item, applicant=PERSON, handed_in=set(),
                         window=window, ticket_id=ticket.id)
        if finish:
            tickets.finish(ticket, Actor.of(self.staff), self.now())
        db.session.commit()
        return ticket


@pytest.fixture
def hall(make, freeze_time):
    h = Hall(make, freeze_time)
    h.ta = h.served(h.a, h.w3)
    h.tm = h.served(h.m, h.w3)
    h.tc = h.served(h.m, h.w3, items=[h.i2, h.i1])
    h.td = h.served(h.m, h.w1)
    h.tb = h.served(h.b, h.w3)
    h.tt = h.served(h.m, h.w3, items=[h.i2], finish=False)
    tickets.transfer(h.tt, Actor.of(h.staff), h.now(), window=h.w1)
    assert tickets.call_next(h.w1, Actor.of(h.staff), h.now()) is h.tt
    tickets.start(h.tt, Actor.of(h.staff), h.now())
    tickets.finish(h.tt, Actor.of(h.staff), h.now())
    h.ua = tickets.issue_ticket(h.a, h.now())
    h.um = tickets.issue_ticket(h.m, h.now())
    db.session.commit()
    freeze_time("2026-12-01 10:00")
    return h


def stored(h: Hall) -> dict:
    names = {h.d1.id: "D1", h.d2.id: "D2", None: None}
    return {name: names[db.session.scalar(select(Ticket.department_id)
                                          .where(Ticket.id == getattr(h, name).id))]
            for name in ("ta", "tm", "tc", "td", "tb", "tt", "ua", "um")}


EXPECTED = {"ta": "D1", "tm": None, "tc": "D2", "td": "D1", "tb": "D2", "tt": "D2",
            "ua": None, "um": None}


def test_the_department_is_stored_when_a_window_calls_and_when_the_first_case_is_accepted(hall):
    assert stored(hall) == EXPECTED
    items = dict(db.session.execute(select(Ticket.id, Ticket.item_id)).all())
    assert (items[hall.tc.id], items[hall.tt.id], items[hall.ta.id]) == (hall.i2.id, hall.i2.id,
                                                                         None)


def test_the_report_counts_every_ticket_it_can_for_a_department_and_explains_the_rest(hall):
    report = reports.build(NOVEMBER, clock.now())
    issued = {row.label: row.tickets["issued"] for row in report.tables["department"]}
    # D1: ta, td and ua (never called, line A); D2: tc, tb, tt; left: tm and um.
    assert issued == {"民政局": 3, "市场监管局": 3, "未归属部门": 2}
    assert report.total.tickets["issued"] == 8
    assert report.unattributed == {"called": 1, "uncalled": 1,
                                   "windows": [("3号窗口 综合受理窗口", 1)]}
    assert any(note.startswith("未归属部门共 2 张号票：1 张在非单一部门的窗口办理")
               for note in report.notes)


def test_a_report_with_every_ticket_attributed_has_no_such_note(hall):
    db.session.execute(update(Ticket).values(department_id=hall.d1.id))
    db.session.commit()
    report = reports.build(NOVEMBER, clock.now())
    assert report.unattributed == {"called": 0, "uncalled": 0, "windows": []}
    assert not [note for note in report.notes if note.startswith("未归属部门")]
    assert report.notes == list(reports.NOTES)


class MigrationOps:
    """What migration 0018's backfill asks of alembic's `op`, on the test's connection."""

    def __init__(self, connection):
        self.connection = connection

    def get_bind(self):
        return self.connection

    def execute(self, statement):
        self.connection.execute(text(statement))


def test_the_migration_backfills_old_tickets_with_the_same_rule(hall, monkeypatch):
    db.session.execute(update(Ticket).values(department_id=None))
    path = Path(hall_package.__file__).parent / "migrations/versions/0017_ticket_department.py"
    spec = importlib.util.spec_from_file_location("migration_0018", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    monkeypatch.setattr(migration, "op", MigrationOps(db.session.connection()))
    migration._backfill()
    db.session.commit()
    assert stored(hall) == EXPECTED
    assert db.session.scalar(select(Ticket.item_id).where(Ticket.id == hall.tc.id)) == hall.i2.id


@pytest.mark.parametrize("window, line, expected", [
    ({1}, {1, 2}, 1),           # a window of one department decides
    ({1, 2}, {2}, 2),           # the line decides
    ({1, 2}, {2, 3}, 2),        # the line, kept to the window's departments
    ({1, 2}, {1, 2}, None),     # both serve two
    ({1, 2}, set(), None),      # a line with no items
    (None, {3}, 3),             # never called: the line alone
    (None, {1, 3}, None),
    (set(), {3}, 3),            # a window that names no department
])
def test_the_rule(window, line, expected):
    assert attribution.department_of(window, line) == expected


def test_deleting_a_department_leaves_its_tickets_unattributed(make, freeze_time):
    from hall.core.actor import Actor
    from hall.items.services import delete_department
    freeze_time("2026-11-02 09:00")
    desk = make.department(name="临时专班")
    line = make.category(code="temp", name="临时业务", prefix="T")
    staff = make.user(role="staff")
    window = make.window(no=9, departments=[desk], categories=[line], staff_a_id=staff.id)
    ticket = tickets.issue_ticket(line, clock.now())
    tickets.call_next(window, Actor.of(staff), clock.now())
    db.session.commit()
    assert db.session.scalar(select(Ticket.department_id).where(Ticket.id == ticket.id)) == desk.id
    delete_department(Actor.system("test"), desk)
    db.session.commit()
    assert db.session.scalar(select(Ticket.department_id).where(Ticket.id == ticket.id)) is None


def test_the_page_the_month_report_and_the_workbook_carry_the_note(hall, client, auth):
    import io

    from openpyxl import load_workbook
    auth.login_as("manager")
    note = "未归属部门共 2 张号票：1 张在非单一部门的窗口办理"
    page = client.get("/reports/?start=2026-11-01&end=2026-11-30").get_data(as_text=True)
    monthly = client.get("/reports/monthly?month=2026-11").get_data(as_text=True)
    assert note in page and note in monthly
    book = load_workbook(io.BytesIO(client.get(
        "/reports/export.xlsx?start=2026-11-01&end=2026-11-30").data))
    assert any(note in str(row[0]) for row in book["说明"].iter_rows(values_only=True))
