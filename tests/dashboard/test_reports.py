"""Report figures over a small November 2026, every figure worked out by hand.

The hall: 民政局 (D1) and 市场监管局 (D2); window 1 民政窗口 serves D1 (line A), window 2
市场监管窗口 serves D2 (line B), window 3 综合受理窗口 serves both (lines A and B). 陈晓燕
(S1, MZ0101) is A at windows 1 and 3, 李明 (S2, SJ0201) is A at window 2 and B at window 3.
Items: 最低生活保障申请 (I1, D1, 5 working days) and 个体工商户设立登记 (I2, D2, 3 working
days, one required material). No-shows are not re-queued.

Tickets in November (issued → called, started → finished; minutes):
  t1 A 11-02 09:00 → 09:10 at w1 by S1, 09:12 → 09:22  done     wait 10  service 10
  t2 A 11-02 09:05 → 09:30 at w1 by S1, 过号                     wait 25
  t3 B 11-02 09:00 → 09:20 at w2 by S2, 09:20 → 09:50  done     wait 20  service 30  case c3
  t4 A 11-02 10:00 → 10:06 at w3 by S1, 10:06 → 10:26  done     wait  6  service 20  case c4
  t5 B 11-02 10:30 → 10:40 at w3 by S2, 10:40 → 10:55  done     wait 10  service 15  no case
  t6 A 11-03 09:00, never called (no window, no staff)
  t7 B 11-03 09:10 → 09:15 at w2 by S2, 09:15 → 09:27  done     wait  5  service 12  case c7
Cases registered in November (due = N-th working day after acceptance):
  c3 I2 w2 S2 from t3, 11-02, due 11-05, closed 11-04: on time and early
  c4 I1 w3 S1 from t4, 11-02, due 11-09, closed 11-09: on time, not early
  c5 I1 w1 S1 no ticket, 11-02, due 11-09, closed 11-16 with 超期说明: late (超期)
  c6 I2 w3 S2 11-03, material missing: 一次性告知, never accepted
  c7 I2 w2 S2 from t7, 11-03, due 11-06, still open on 12-01: red (超期)
  c8 I1 w1 S1 11-04, withdrawn 11-05: accepted, not closed
Ratings in November: r1 t1 5 (w1 S1 D1), r2 t3 2 (w2 S2 D2), r4 t5 4 (w3 S2, no
department: window 3 has two), r3 c3 4 (w2 S2 D2 I2), r5 c5 1 (w1 S1 D1 I1).
投诉建议 (reply due 5 working days after the day received; test_reports_complaints.py):
  k1 投诉 11-02, due 11-09, answered 11-05, resolved 11-06
  k2 建议 11-03, due 11-10, answered 11-12: answered late
  k3 投诉 11-16, due 11-23, never answered: overdue on 12-01
  k4 表扬 11-30 23:30 (the last half hour of the range), answered 12-01 09:00
Outside the range (must not count): on 10-30 t0, c0, r0 (level 1) and k0 (投诉, never
answered); on 12-01 t9, r9 (level 1), c9 and k9 (建议). The report is made on 12-01 at 10:00.

Hall: tickets 7 issued, 5 served (t1 t3 t4 t5 t7), 1 no-show (t2); wait
(10+25+20+6+10+5)/6 = 12.67 → 12.7; service (10+30+20+15+12)/5 = 17.4. Cases: accepted 5
(c3 c4 c5 c7 c8; c6 was not), closed 3 (c3 c4 c5; c8 withdrawn), 超期 2 (c5 late, c7
open and red), 按期 2/3 = 66.7%, 提前 1/3 (c3 of three closed 承诺件) = 33.3%. Ratings 5,
satisfied (≥ 4) r1 r3 r4 = 3/5 = 60.0%. 投诉建议: received 4 (投诉 2, 建议 1, 表扬 1),
answered 3 (k1 k2 k4) = 75.0%, resolved 1 (k1) = 25.0%, overdue 1 (k3), answered late 1 (k2).
"""
from datetime import date

import pytest
from sqlalchemy import event

from hall.calendar.services import sync_from_chinesecalendar
from hall.cases import services as cases
from hall.complaints import services as complaints
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.dashboard import reports
from hall.dashboard.report_forms import month_period, quick_ranges
from hall.queue import tickets
from hall.ratings import services as ratings
from hall.settings import services as settings
from tests.factories import TEST_ACTOR

PERSON = {"type": "person", "name": "王小明", "id_number": "11010519491231002X",
          "phone": "13912345678"}
NOVEMBER = reports.Period(date(2026, 11, 1), date(2026, 11, 30))

# Every row as shown: 取号 已办理 过号 等候 办理 | 受理 办结 超期 按期率 提前率 | 评价 满意率
TOTAL = "7 5 1 12.7 17.4 5 3 2 66.7% 33.3% 5 60.0%"
EXPECTED = {
    "department": [
        # D1: t1 t2 (window 1) and t4 (via c4, I1); waits 10 25 6 → 13.7; services 10 20 → 15.
        # Cases c4 c5 c8: closed c4 c5, on time c4 → 50%, early none → 0%, 超期 c5.
        # Ratings r1 r5: one satisfied → 50%.
        ("民政局", "3 2 1 13.7 15.0 3 2 1 50.0% 0.0% 2 50.0%"),
        # D2: t3 t7 (window 2 and their cases); waits 20 5 → 12.5; services 30 12 → 21.
        # Cases c3 c6 c7: accepted c3 c7, closed c3 (on time, early), 超期 c7. Ratings r2 r3.
        ("市场监管局", "2 2 0 12.5 21.0 2 1 1 100.0% 100.0% 2 50.0%"),
        # t5 (window 3, two departments, no case) and t6 (never called); rating r4.
        ("未归属部门", "2 1 0 10.0 15.0 0 0 0 — — 1 100.0%"),
    ],
    "window": [
        # t1 t2: waits 10 25 → 17.5, service 10. Cases c5 c8: closed c5 late. r1 r5.
        ("1号窗口 民政窗口", "2 1 1 17.5 10.0 2 1 1 0.0% 0.0% 2 50.0%"),
        # t3 t7. Cases c3 c7 (c9 is December). r2 r3.
        ("2号窗口 市场监管窗口", "2 2 0 12.5 21.0 2 1 1 100.0% 100.0% 2 50.0%"),
        # t4 t5: waits 6 10 → 8, services 20 15 → 17.5. Cases c4 (c6 not accepted). r4.
        ("3号窗口 综合受理窗口", "2 2 0 8.0 17.5 1 1 0 100.0% 0.0% 1 100.0%"),
        ("未分配窗口", "1 0 0 — — 0 0 0 — — 0 —"),
    ],
    "staff": [
        # t1 t2 t4: waits 10 25 6 → 13.7, services 10 20 → 15. Cases c4 c5 c8. r1 r5.
        ("陈晓燕（MZ0101）", "3 2 1 13.7 15.0 3 2 1 50.0% 0.0% 2 50.0%"),
        # t3 t5 t7: waits 20 10 5 → 11.7, services 30 15 12 → 19. Cases c3 c6 c7.
        # Ratings r2 r3 r4: r3 r4 satisfied → 66.7%.
        ("李明（SJ0201）", "3 3 0 11.7 19.0 2 1 1 100.0% 100.0% 3 66.7%"),
        ("未分配人员", "1 0 0 — — 0 0 0 — — 0 —"),
    ],
    "item": [
        # Tickets only through cases: t4 (c4). Cases c4 c5 c8. Rating r5 (level 1) → 0%.
        ("最低生活保障申请", "1 1 0 6.0 20.0 3 2 1 50.0% 0.0% 1 0.0%"),
        # t3 t7 through c3 c7. Cases c3 c6 c7. Rating r3.
        ("个体工商户设立登记", "2 2 0 12.5 21.0 2 1 1 100.0% 100.0% 1 100.0%"),
        # Ticket ratings carry no item: r1 r2 r4, two satisfied → 66.7%; tickets "—".
        ("未关联事项", "— — — — — 0 0 0 — — 3 66.7%"),
    ],
}


def shown(row: reports.Row) -> str:
    return " ".join(reports.display(row.value(part, field), kind)
                    for _, part, field, kind in reports.COLUMNS)


class November:
    """The hall above, built through the real services on a frozen clock."""

    def __init__(self, make, freeze):
        self.make, self.freeze = make, freeze
        freeze("2026-10-29 08:00")
        sync_from_chinesecalendar(TEST_ACTOR, clock.now())
        settings.update(TEST_ACTOR, {"noshow_requeue": False})
        self._catalogue()
        self.manager = make.user(role="manager", name="周主任")
        db.session.commit()

    def _catalogue(self):
        make = self.make
        self.d1 = make.department(name="民政局", sort_order=1)
        self.d2 = make.department(name="市场监管局", sort_order=2)
        self.i1 = make.item(department=self.d1, name="最低生活保障申请", promised_days=5)
        self.i2 = make.item(department=self.d2, name="个体工商户设立登记", promised_days=3)
        self.m2 = make.material(self.i2, name="营业执照申请书")
        self.a = make.category(code="civil", name="社会事务", prefix="A")
        self.b = make.category(code="market", name="市场准入", prefix="B")
        self.s1 = make.user(role="staff", name="陈晓燕", staff_no="MZ0101")
        self.s2 = make.user(role="staff", name="李明", staff_no="SJ0201")
        self.w1 = make.window(no=1, name="民政窗口", categories=[self.a],
                              departments=[self.d1], staff_a_id=self.s1.id)
        self.w2 = make.window(no=2, name="市场监管窗口", categories=[self.b],
                              departments=[self.d2], staff_a_id=self.s2.id)
        self.w3 = make.window(no=3, name="综合受理窗口", categories=[self.a, self.b],
                              departments=[self.d1, self.d2], staff_a_id=self.s1.id,
                              staff_b_id=self.s2.id)

    def at(self, moment: str):
        self.freeze(moment)
        return clock.now()

    def issue(self, category, moment: str):
        return tickets.issue_ticket(category, self.at(moment))

    def call(self, window, staff, moment: str):
        return tickets.call_next(window, Actor.of(staff), self.at(moment))

    def serve(self, ticket, staff, start: str, finish: str):
        tickets.start(ticket, Actor.of(staff), self.at(start))
        tickets.finish(ticket, Actor.of(staff), self.at(finish))

    def accept(self, item, window, staff, moment: str, ticket=None, complete=True):
        handed_in = {m.id for m in item.materials} if complete else set()
        return cases.accept(Actor.of(staff), self.at(moment), item=item, applicant=PERSON,
                            handed_in=handed_in, window=window,
                            ticket_id=ticket.id if ticket else None)

    def close(self, case, staff, moment: str, result="approved", late=""):
        return cases.close(Actor.of(staff), self.at(moment), case, result, overdue_reason=late)

    def rate(self, subject, level: int, moment: str):
        ratings.rate(subject, level, "", [], "qr", self.at(moment))

    def complain(self, kind: str, moment: str):
        draft = complaints.check({"kind": kind, "content": "关于窗口服务的意见",
                                  "name": PERSON["name"], "phone": PERSON["phone"]})
        return complaints.submit(draft, "kiosk", self.at(moment), complaints.citizen())

    def reply(self, complaint, moment: str):
        complaints.answer(Actor.of(self.manager), complaint, "已核实并答复。", self.at(moment))


def _outside_before(h: November):
    t0 = h.issue(h.a, "2026-10-30 09:00")
    assert h.call(h.w1, h.s1, "2026-10-30 09:05") is t0
    tickets.start(t0, Actor.of(h.s1), h.at("2026-10-30 09:06"))
    c0 = h.accept(h.i1, h.w1, h.s1, "2026-10-30 09:08", ticket=t0)
    tickets.finish(t0, Actor.of(h.s1), h.at("2026-10-30 09:15"))
    h.close(c0, h.s1, "2026-10-30 09:16")
    h.rate(t0, 1, "2026-10-30 09:20")


def _november_2(h: November):
    t1, t3 = h.issue(h.a, "2026-11-02 09:00"), h.issue(h.b, "2026-11-02 09:00")
    t2 = h.issue(h.a, "2026-11-02 09:05")
    assert h.call(h.w1, h.s1, "2026-11-02 09:10") is t1
    tickets.start(t1, Actor.of(h.s1), h.at("2026-11-02 09:12"))
    assert h.call(h.w2, h.s2, "2026-11-02 09:20") is t3
    tickets.start(t3, Actor.of(h.s2), h.at("2026-11-02 09:20"))
    tickets.finish(t1, Actor.of(h.s1), h.at("2026-11-02 09:22"))
    h.rate(t1, 5, "2026-11-02 09:25")
    assert h.call(h.w1, h.s1, "2026-11-02 09:30") is t2
    tickets.no_show(t2, Actor.of(h.s1), h.at("2026-11-02 09:31"))
    h.c3 = h.accept(h.i2, h.w2, h.s2, "2026-11-02 09:40", ticket=t3)
    tickets.finish(t3, Actor.of(h.s2), h.at("2026-11-02 09:50"))
    h.rate(t3, 2, "2026-11-02 09:55")
    t4 = h.issue(h.a, "2026-11-02 10:00")
    assert h.call(h.w3, h.s1, "2026-11-02 10:06") is t4
    tickets.start(t4, Actor.of(h.s1), h.at("2026-11-02 10:06"))
    h.c4 = h.accept(h.i1, h.w3, h.s1, "2026-11-02 10:20", ticket=t4)
    tickets.finish(t4, Actor.of(h.s1), h.at("2026-11-02 10:26"))
    t5 = h.issue(h.b, "2026-11-02 10:30")
    assert h.call(h.w3, h.s2, "2026-11-02 10:40") is t5
    h.serve(t5, h.s2, "2026-11-02 10:40", "2026-11-02 10:55")
    h.rate(t5, 4, "2026-11-02 11:00")
    h.c5 = h.accept(h.i1, h.w1, h.s1, "2026-11-02 11:00")


def _november_rest(h: November):
    h.issue(h.a, "2026-11-03 09:00")                                  # t6, never called
    t7 = h.issue(h.b, "2026-11-03 09:10")
    assert h.call(h.w2, h.s2, "2026-11-03 09:15") is t7
    tickets.start(t7, Actor.of(h.s2), h.at("2026-11-03 09:15"))
    h.accept(h.i2, h.w2, h.s2, "2026-11-03 09:20", ticket=t7)         # c7, stays open
    tickets.finish(t7, Actor.of(h.s2), h.at("2026-11-03 09:27"))
    c6 = h.accept(h.i2, h.w3, h.s2, "2026-11-03 10:00", complete=False)
    assert c6.status == "awaiting_supplement"
    h.close(h.c3, h.s2, "2026-11-04 10:00")
    h.rate(h.c3, 4, "2026-11-04 10:30")
    c8 = h.accept(h.i1, h.w1, h.s1, "2026-11-04 11:00")
    h.close(c8, h.s1, "2026-11-05 10:00", result="withdrawn")
    h.close(h.c4, h.s1, "2026-11-09 10:00")
    h.close(h.c5, h.s1, "2026-11-16 10:00", late="系统故障延误")
    h.rate(h.c5, 1, "2026-11-16 10:30")


def _outside_after(h: November):
    t9 = h.issue(h.b, "2026-12-01 09:00")
    assert h.call(h.w2, h.s2, "2026-12-01 09:01") is t9
    h.serve(t9, h.s2, "2026-12-01 09:02", "2026-12-01 09:10")
    h.rate(t9, 1, "2026-12-01 09:12")
    h.accept(h.i2, h.w2, h.s2, "2026-12-01 09:30")


def _complaints(h: November):
    h.complain("complaint", "2026-10-30 10:00")                       # k0, outside
    k1, k2 = h.complain("complaint", "2026-11-02 11:30"), h.complain("suggestion",
                                                                      "2026-11-03 14:00")
    h.reply(k1, "2026-11-05 10:00")
    complaints.set_resolved(Actor.of(h.manager), k1, True, h.at("2026-11-06 10:00"))
    h.reply(k2, "2026-11-12 10:00")
    k3 = h.complain("complaint", "2026-11-16 15:00")
    k4 = h.complain("praise", "2026-11-30 23:30")
    h.reply(k4, "2026-12-01 09:00")
    h.complain("suggestion", "2026-12-01 09:30")                      # k9, outside
    assert [k.reply_due.isoformat() for k in (k1, k2, k3, k4)] == [
        "2026-11-09", "2026-11-10", "2026-11-23", "2026-12-07"]


@pytest.fixture
def november(make, freeze_time):
    hall = November(make, freeze_time)
    for step in (_outside_before, _november_2, _november_rest, _outside_after, _complaints):
        step(hall)
        db.session.commit()
    assert (hall.c3.closed_early, hall.c4.closed_on_time, hall.c4.closed_early,
            hall.c5.closed_on_time) == (True, True, False, False)
    freeze_time("2026-12-01 10:00")
    return hall


def test_the_hall_total(november):
    report = reports.build(NOVEMBER, clock.now())
    assert shown(report.total) == TOTAL
    assert report.total.tickets == {"issued": 7, "served": 5, "no_shows": 1, "wait": 12.7,
                                    "service": 17.4}
    assert (report.total.cases["on_time_rate"], report.total.cases["early_rate"]) == (
        0.6667, 0.3333)


@pytest.mark.parametrize("dimension", list(EXPECTED))
def test_every_figure_of_every_table(november, dimension):
    report = reports.build(NOVEMBER, clock.now())
    assert [(row.label, shown(row)) for row in report.tables[dimension]] == EXPECTED[dimension]


def test_days_outside_the_range_count_nowhere(november):
    october = reports.build(reports.Period(date(2026, 10, 30), date(2026, 10, 30)), clock.now())
    assert shown(october.total) == "1 1 0 5.0 9.0 1 1 0 100.0% 100.0% 1 0.0%"
    december = reports.build(reports.Period(date(2026, 12, 1), date(2026, 12, 1)), clock.now())
    assert shown(december.total) == "1 1 0 1.0 8.0 1 0 0 — — 1 0.0%"
    both = reports.build(reports.Period(date(2026, 10, 1), date(2026, 12, 31)), clock.now())
    assert both.total.tickets["issued"] == 9 and both.total.ratings["count"] == 7


def test_an_empty_range_gives_zeros_and_dashes(november):
    report = reports.build(reports.Period(date(2026, 1, 1), date(2026, 1, 31)), clock.now())
    assert shown(report.total) == "0 0 0 — — 0 0 0 — — 0 —"
    assert [row.label for row in report.tables["window"]] == [
        "1号窗口 民政窗口", "2号窗口 市场监管窗口", "3号窗口 综合受理窗口"]
    assert report.tables["staff"] == [] and report.tables["item"] == []


def test_the_number_of_queries_does_not_grow_with_the_rows(november, make):
    def statements() -> int:
        seen = []

        def listener(conn, cursor, statement, *args):
            # Settings are cached for a second; PostgreSQL's SET LOCAL is no query.
            if "FROM setting" not in statement and not statement.startswith("SET "):
                seen.append(statement)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            reports.build(NOVEMBER, clock.now())
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)
    before = statements()
    for n in range(3):
        staff = make.user(role="staff")
        window = make.window(no=10 + n, categories=[november.a], staff_a_id=staff.id)
        november.issue(november.a, "2026-11-20 09:00")
        november.call(window, staff, "2026-11-20 09:05")
    db.session.commit()
    november.freeze("2026-12-01 10:00")
    # One grouped pass each over tickets (with the lines' departments), cases (with the
    # items' departments) and ratings, 投诉建议, 预约办理, then a name query per table.
    assert statements() == before == 11


def test_the_notes_say_how_many_tickets_have_no_department_and_why(november):
    report = reports.build(NOVEMBER, clock.now())
    # t5: called at window 3 (two departments), line B lists no items, no case; t6: never
    # called, line A lists no items.
    assert report.unattributed == {"called": 1, "uncalled": 1,
                                   "windows": [("3号窗口 综合受理窗口", 1)]}
    note = next(n for n in report.notes if n.startswith("未归属部门"))
    assert note == ("未归属部门共 2 张号票：1 张在非单一部门的窗口办理，其业务类别也未对应唯一部门，"
                    "且未由该号受理办件（咨询、缴费、过号或受理时未关联号码），"
                    "主要在3号窗口 综合受理窗口 1 张；"
                    "1 张未被叫号，其业务类别未对应唯一部门。")
    assert report.notes[1] == reports.NOTES[1] and report.notes[3:] == list(reports.NOTES[2:])


def test_month_and_quick_ranges():
    assert month_period(2026, 2) == reports.Period(date(2026, 2, 1), date(2026, 2, 28))
    assert month_period(2026, 12) == reports.Period(date(2026, 12, 1), date(2026, 12, 31))
    assert dict(quick_ranges(date(2026, 1, 15))) == {
        "本月": reports.Period(date(2026, 1, 1), date(2026, 1, 15)),
        "上月": reports.Period(date(2025, 12, 1), date(2025, 12, 31)),
        "本季度": reports.Period(date(2026, 1, 1), date(2026, 1, 15)),
        "今年": reports.Period(date(2026, 1, 1), date(2026, 1, 15))}
    assert dict(quick_ranges(date(2026, 8, 31)))["本季度"].start == date(2026, 7, 1)
    assert NOVEMBER.label == "2026年11月1日至2026年11月30日"
