"""Report figures for a range of days: per department, window, staff member and item.

A range is whole hall-local days, start and end inclusive. The database aggregates each
source once, grouped by every key the tables need (tickets by window, staff, department,
item and line; cases by item, window and staff; ratings by window, staff, department and
item); the tables and the total are sums of those few hundred rows, and one query per table
names its rows. Nothing runs per row, so a month of a big hall (about 90 000 tickets) takes
one pass per source instead of five (bench/RESULTS.md).

Tickets and ratings of closed days are read from their daily roll-ups
(`hall.dashboard.rollups`: the same sums, per day and group, written once a day is over),
the other days live, in the same statement; the figures are those of the live rows. A report
that read many closed days live rolls them up after it is made, and the nightly
`flask housekeeping` rolls up the rest. Cases are always counted live: they close after the
day they were registered, and 超期 depends on when the report is made.

How the figures are attributed:

- **Tickets** count on the day they were issued (`Ticket.day`, hall time). Wait is issue to
  (last) call for every called ticket, service is start to finish for served ones, as in
  the live figures (`hall.queue.stats`).
- A ticket belongs to the **window** that called and served it (after a transfer, the last
  one); tickets never called, or re-queued (过号, transfer) and not called again that day,
  have no window and show on the 未分配窗口 row.
- It belongs to the **staff member** recorded on the ticket (`Ticket.staff_id`): who called
  it or, when someone else took over, started serving it. The finish is done at the same
  window by its A or B staff. The audit log names the actor of every step, but joining it
  over a year is far too costly, and ratings attribute the same way.
- It belongs to the **department** stored on it (`Ticket.department_id`: from its first
  case's item, else its window when that serves one department, else its line's items;
  `hall.queue.attribution` gives the rule and when it is stored); a ticket never called gets
  its line's department as the catalogue is now. What is left is 未归属部门, and the report's
  notes say how many tickets that is and why (`Report.notes`).
- It belongs to an **item** only through the case accepted from it (`Ticket.item_id`, stored
  with its first case); an item none of whose cases came from a ticket shows "—" for
  tickets. A ticket with several cases counts once, with its first case.
- **Cases** count by the day they were registered (as `hall.cases.queries.figures`), for
  their item, its department, the accepting window and staff member. 超期: closed after the
  deadline, or still open and past it when the report is made.
- **Ratings** count by the day they were given, attributed as stored with the rating.
- **投诉建议** are counted for the whole hall only, by the day they were received
  (`hall.dashboard.report_complaints`).
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, select, text

from hall.auth.models import User
from hall.cases import queries as case_queries
from hall.cases.models import Case
from hall.core import clock
from hall.core.extensions import db
from hall.dashboard import report_bookings, report_complaints, rollups
from hall.items.models import Department, Item
from hall.queue import attribution
from hall.windows.models import Window

DIMENSIONS = {"department": "部门", "window": "窗口", "staff": "工作人员", "item": "事项"}
UNASSIGNED = {"department": "未归属部门", "window": "未分配窗口", "staff": "未分配人员",
              "item": "未关联事项"}
TOTAL_LABEL = "全厅合计"
MOST_UNATTRIBUTED_WINDOWS = 5     # the windows the 未归属部门 note names
MAX_DAYS = 366

# (header, part, field, kind): one source for the page, the workbook and the CSV.
COLUMNS = (
    ("取号数", "tickets", "issued", "count"),
    ("已办理", "tickets", "served", "count"),
    ("过号", "tickets", "no_shows", "count"),
    ("平均等候（分钟）", "tickets", "wait", "minutes"),
    ("平均办理（分钟）", "tickets", "service", "minutes"),
    ("受理件数", "cases", "accepted", "count"),
    ("办结件数", "cases", "closed", "count"),
    ("超期件数", "cases", "overdue", "count"),
    ("按期办结率", "cases", "on_time_rate", "rate"),
    ("提前办结率", "cases", "early_rate", "rate"),
    ("评价数", "ratings", "count", "count"),
    ("满意率", "ratings", "rate", "rate"),
)
GROUPS = (("排队叫号", 5), ("办件", 5), ("好差评", 2))
NOTES = (
    "号票按取号日期统计；平均等候为取号至叫号，平均办理为开始办理至办结。",
    "号票计入叫号办理的窗口和工作人员。部门依次按：该号受理的第一件办件的事项所属部门；叫号窗口只服务"
    "一个部门时为该部门；否则按号票业务类别下事项所属的部门（已叫号的限于叫号窗口服务的部门），只有一个时"
    "为该部门。事项仅统计受理了办件的号票（无则显示“—”）。未分配窗口：未被叫号，或过号、转移后重新排队而"
    "未再叫号的号票；未分配人员：未被叫号的号票。",
    "办件按登记日期统计。按期办结率 = 按期办结件数 ÷ 办结件数；提前办结率 = 提前办结的承诺件 ÷ 办结的承诺件；"
    "超期件数 = 超期办结件数 + 截至制表时仍未办结且已超期的件数；撤回的办件不计入办结。",
    "评价按评价日期统计；满意率 = “满意”和“非常满意”的评价 ÷ 评价数。",
    report_complaints.NOTE,
    report_bookings.NOTE,
)
EMPTY_TICKETS = {"issued": 0, "served": 0, "no_shows": 0, "wait": None, "service": None}
EMPTY_CASES = {"accepted": 0, "closed": 0, "overdue": 0, "on_time_rate": None,
               "early_rate": None}
EMPTY_RATINGS = {"count": 0, "rate": None}


@dataclass(frozen=True)
class Period:
    """Whole hall-local days, both ends included."""

    start: date
    end: date

    def bounds(self) -> tuple[datetime, datetime]:
        zone = clock.hall_zone()
        return (datetime.combine(self.start, time(), zone),
                datetime.combine(self.end + timedelta(days=1), time(), zone))

    @property
    def label(self) -> str:
        return f"{chinese_date(self.start)}至{chinese_date(self.end)}"

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Row:
    key: int | None
    label: str
    tickets: dict | None        # None: not attributable (items without ticket cases)
    cases: dict
    ratings: dict

    def value(self, part: str, field: str):
        figures = getattr(self, part)
        return None if figures is None else figures.get(field)


@dataclass
class Report:
    period: Period
    made_at: datetime
    total: Row
    tables: dict[str, list[Row]]
    complaints: dict            # hall.complaints.services.complaint_rates() of the period
    unattributed: dict          # tickets without a department: {"called": n, "uncalled": n}
    bookings: dict              # hall.dashboard.report_bookings.figures() of the period

    @property
    def notes(self) -> list[str]:
        """The notes under the tables, with what is left on the 未归属部门 row and why."""
        return [*NOTES[:2], *unattributed_notes(self.unattributed), *NOTES[2:]]


def unattributed_notes(left: dict) -> list[str]:
    """Why tickets remain on the 未归属部门 row, with their numbers; none when none do."""
    total = left["called"] + left["uncalled"]
    if not total:
        return []
    reasons = []
    if left["called"]:
        windows = "、".join(f"{name} {count} 张" for name, count in left.get("windows", []))
        reasons.append(f"{left['called']} 张在非单一部门的窗口办理，其业务类别也未对应唯一部门，"
                       "且未由该号受理办件（咨询、缴费、过号或受理时未关联号码）"
                       + (f"，主要在{windows}" if windows else ""))
    if left["uncalled"]:
        reasons.append(f"{left['uncalled']} 张未被叫号，其业务类别未对应唯一部门")
    return [f"未归属部门共 {total} 张号票：" + "；".join(reasons) + "。"]


def build(period: Period, now: datetime) -> Report:
    """Every table of the report, the hall's total row and its 投诉建议 figures.

    One grouped pass per source (tickets by window, staff, department, item and line, and
    ratings by window, staff, department and item, each from the roll-ups of closed days and
    live for the others; cases by item, window and staff); every table and the total are
    summed from those few hundred rows.
    """
    start, end = period.bounds()
    days, opening = period.days(), rollups.open_day(now)
    _analytic_settings()
    tickets, live_tickets = _ticket_groups(days, opening)
    cases = _case_groups(start, end, now)
    ratings, live_ratings = _rating_groups(days, opening)
    total = Row(None, TOTAL_LABEL, _ticket_result(_summed(tickets, None).get(None)),
                _case_result(_summed(cases, None).get(None)),
                _rating_result(_summed(ratings, None).get(None)))
    tables = {}
    for dimension in DIMENSIONS:
        by_ticket = _summed(tickets, dimension)
        if dimension == "item":     # tickets count for an item only through its case
            by_ticket.pop(None, None)
        by_case, by_rating = _summed(cases, dimension), _summed(ratings, dimension)
        by_case = {key: sums for key, sums in by_case.items() if sums[0] or sums[5]}
        by_rating = {key: sums for key, sums in by_rating.items() if sums[0]}
        tables[dimension] = _table(dimension, by_ticket, by_case, by_rating)
    complaints = report_complaints.figures(period.start, period.end, now)
    report = Report(period, now, total, tables, complaints,
                    _unattributed(tickets, {row.key: row.label for row in tables["window"]}),
                    report_bookings.figures(period.start, period.end))
    rollups.fill_after_report(days, now, live_tickets + live_ratings)
    return report


def _table(dimension: str, tickets: dict, cases: dict, ratings: dict) -> list[Row]:
    no_tickets = None if dimension == "item" else EMPTY_TICKETS
    return [Row(key, label,
                _ticket_result(tickets[key]) if key in tickets else no_tickets,
                _case_result(cases[key]) if key in cases else EMPTY_CASES,
                _rating_result(ratings[key]) if key in ratings else EMPTY_RATINGS)
            for key, label in row_names(dimension, set(tickets) | set(cases) | set(ratings))]


@dataclass(frozen=True)
class Group:
    """One grouped row of a source: its keys per dimension and its summable figures."""

    keys: dict
    sums: tuple


def _summed(groups: list[Group], dimension: str | None) -> dict:
    """{key of the dimension: element-wise sums}; one entry (None) for the whole hall."""
    summed: dict = {}
    for group in groups:
        key = None if dimension is None else group.keys[dimension]
        before = summed.get(key)
        summed[key] = group.sums if before is None else tuple(
            a + b for a, b in zip(before, group.sums))
    return summed


def _analytic_settings() -> None:
    """PostgreSQL, for this transaction: no JIT (compiling the aggregates costs more than
    running them over a month), room to hash the groups instead of sorting on disk, and no
    parallel workers (starting them cost more than the few thousand rows each pass reads
    now that closed days come from their roll-ups)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))
        db.session.execute(text("SET LOCAL work_mem = '32MB'"))
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _ticket_groups(days: list[date], opening: date) -> tuple[list[Group], int]:
    """The days' tickets by window, staff, stored department and item, and line, in one
    statement (closed days from their roll-up), and how many were read live from closed days."""
    uncalled = attribution.uncalled_departments(db.session.connection())
    groups, live_closed = [], 0
    for window_id, staff_id, department_id, item_id, category_id, *sums, closed in (
            db.session.execute(rollups.ticket_rows(days, opening))):
        if department_id is None and window_id is None:
            department_id = uncalled.get(category_id)
        groups.append(Group({"window": window_id, "staff": staff_id, "item": item_id,
                             "department": department_id, "called": window_id is not None},
                            tuple(sums)))
        live_closed += closed
    return groups, live_closed


def _ticket_result(sums: tuple | None) -> dict:
    if sums is None:
        return EMPTY_TICKETS
    issued, served, no_shows, waited, wait_count, serving, service_count = sums
    return {"issued": issued, "served": served, "no_shows": no_shows,
            "wait": _mean(waited, wait_count), "service": _mean(serving, service_count)}


def _mean(total, count) -> float | None:
    return round(float(total) / count, 1) if count else None


def _case_groups(start: datetime, end: datetime, now: datetime) -> list[Group]:
    """The period's cases by item, window and staff, in one pass (as
    hall.cases.queries.figures counts them; departments through their items)."""
    closed = and_(Case.status == "closed", Case.result != "withdrawn")
    promised_closed = and_(closed, Case.kind == "promised")
    keys = (Case.item_id, Case.window_id, Case.staff_id)
    query = (select(*keys, func.count(Case.id).filter(Case.accepted_at.is_not(None)),
                    func.count(Case.id).filter(closed),
                    func.count(Case.id).filter(and_(closed, Case.closed_on_time.is_(True))),
                    func.count(Case.id).filter(promised_closed),
                    func.count(Case.id).filter(and_(promised_closed,
                                                    Case.closed_early.is_(True))),
                    func.count(Case.id).filter(case_queries.overdue_condition(now)))
             .where(Case.created_at >= start, Case.created_at < end).group_by(*keys))
    departments = dict(db.session.execute(select(Item.id, Item.department_id)).all())
    return [Group({"item": item_id, "window": window_id, "staff": staff_id,
                   "department": departments.get(item_id)}, tuple(sums))
            for item_id, window_id, staff_id, *sums in db.session.execute(query)]


def _case_result(sums: tuple | None) -> dict:
    if sums is None:
        return EMPTY_CASES
    accepted, closed, on_time, promised_closed, early, overdue = sums
    return {"accepted": accepted, "closed": closed, "overdue": overdue,
            "on_time_rate": _share(on_time, closed), "early_rate": _share(early, promised_closed)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rating_groups(days: list[date], opening: date) -> tuple[list[Group], int]:
    """The days' ratings by window, staff, department and item, in one statement (closed
    days from their roll-up), and how many were read live from closed days."""
    groups, live_closed = [], 0
    for window_id, staff_id, department_id, item_id, *sums, closed in db.session.execute(
            rollups.rating_rows(days, opening)):
        groups.append(Group({"window": window_id, "staff": staff_id, "department": department_id,
                             "item": item_id}, tuple(sums)))
        live_closed += closed
    return groups, live_closed


def _rating_result(sums: tuple | None) -> dict:
    if sums is None:
        return EMPTY_RATINGS
    count, satisfied = sums
    return {"count": count, "rate": _share(satisfied, count)}


def _unattributed(groups: list[Group], window_names: dict) -> dict:
    """Tickets left without a department, by why (called at a window, or never called), and
    the windows that called most of them, as [(name, tickets)]."""
    left = {"called": 0, "uncalled": 0}
    by_window: dict = {}
    for group in groups:
        if group.keys["department"] is None:
            left["called" if group.keys["called"] else "uncalled"] += group.sums[0]
            if group.keys["called"]:
                window = group.keys["window"]
                by_window[window] = by_window.get(window, 0) + group.sums[0]
    ranked = sorted(by_window.items(), key=lambda pair: (-pair[1], window_names.get(pair[0], "")))
    left["windows"] = [(window_names.get(window, UNASSIGNED["window"]), count)
                       for window, count in ranked[:MOST_UNATTRIBUTED_WINDOWS]]
    return left


def row_names(dimension: str, keys: set) -> list[tuple[int | None, str]]:
    """(key, name) in display order: every department and window, the staff and items
    with figures, then the unattributed row when it has any."""
    if dimension == "department":
        query = select(Department.id, Department.name).order_by(Department.sort_order,
                                                                Department.code)
    elif dimension == "window":
        query = select(Window.id, Window.no, Window.name).order_by(Window.no)
    elif dimension == "staff":
        query = (select(User.id, User.name, User.staff_no, User.username)
                 .where(User.id.in_(keys - {None})).order_by(User.staff_no, User.name))
    else:
        query = (select(Item.id, Item.name).join(Item.department)
                 .where(Item.id.in_(keys - {None})).order_by(Department.sort_order, Item.code))
    names = [(row[0], _name(dimension, row)) for row in db.session.execute(query)]
    return names + ([(None, UNASSIGNED[dimension])] if None in keys else [])


def _name(dimension: str, row) -> str:
    if dimension == "window":
        return f"{row.no}号窗口 {row.name}"
    if dimension != "staff":
        return row[1]
    _, name, staff_no, username = row
    return f"{name or username}（{staff_no}）" if staff_no else (name or username)


def display(value, kind: str) -> str:
    """A figure as shown on the page and in the CSV: counts, minutes, percentages, —."""
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value * 100:.1f}%"
    if kind == "minutes":
        return f"{value:.1f}"
    return str(value)
