"""Report figures for a range of days: per department, window, staff member and item.

A range is whole hall-local days, start and end inclusive. Every part of a table comes from
one grouped query per dimension (tickets, cases, ratings) plus one query for the row names;
nothing runs per row, so a year of a big hall (about a million tickets) is aggregated by the
database, on SQLite and PostgreSQL alike.

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
- It belongs to a **department** through the case accepted from it (the item's department)
  when there is one, otherwise through its window when that window serves exactly one
  department (the window's departments as they are now); otherwise 未归属部门.
- It belongs to an **item** only through the case accepted from it; an item none of whose
  cases came from a ticket shows "—" for tickets. A ticket with several cases counts once,
  with its first case (accepted the day the ticket was served).
- **Cases** count by the day they were registered (as `hall.cases.queries.figures`), for
  their item, its department, the accepting window and staff member. 超期: closed after the
  deadline, or still open and past it when the report is made.
- **Ratings** count by the day they were given, attributed as stored with the rating.
- **投诉建议** are counted for the whole hall only, by the day they were received
  (`hall.dashboard.report_complaints`).
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Float, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from .. import clock
from ..auth.models import User
from ..cases import queries as case_queries
from ..cases.models import Case
from ..extensions import db
from ..items.models import Department, Item
from ..queue.models import Ticket
from ..ratings.services import satisfaction
from ..windows.models import Window, window_department
from . import report_complaints

DIMENSIONS = {"department": "部门", "window": "窗口", "staff": "工作人员", "item": "事项"}
UNASSIGNED = {"department": "未归属部门", "window": "未分配窗口", "staff": "未分配人员",
              "item": "未关联事项"}
TOTAL_LABEL = "全厅合计"
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
    "号票计入叫号办理的窗口和工作人员；部门按号票受理的办件所属部门，无办件时按只对应一个部门的窗口；"
    "事项仅统计受理了办件的号票（无则显示“—”）。未分配窗口：未被叫号，或过号、转移后重新排队而"
    "未再叫号的号票；未分配人员：未被叫号的号票。",
    "办件按登记日期统计。按期办结率 = 按期办结件数 ÷ 办结件数；提前办结率 = 提前办结的承诺件 ÷ 办结的承诺件；"
    "超期件数 = 超期办结件数 + 截至制表时仍未办结且已超期的件数；撤回的办件不计入办结。",
    "评价按评价日期统计；满意率 = “满意”和“非常满意”的评价 ÷ 评价数。",
    report_complaints.NOTE,
)
EMPTY_TICKETS = {"issued": 0, "served": 0, "no_shows": 0, "wait": None, "service": None}
EMPTY_CASES = {"accepted": 0, "closed": 0, "overdue": 0, "on_time_rate": None,
               "early_rate": None}
EMPTY_RATINGS = {"count": 0, "rate": None}


class minutes_between(FunctionElement):
    """Minutes from one timestamp column to another, in SQL, per dialect."""

    type = Float()
    inherit_cache = True


@compiles(minutes_between)
def _minutes_sqlite(element, compiler, **kw):
    begin, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"((julianday({end}) - julianday({begin})) * 1440.0)"


@compiles(minutes_between, "postgresql")
def _minutes_postgresql(element, compiler, **kw):
    begin, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(EXTRACT(EPOCH FROM ({end} - {begin})) / 60.0)"


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


def build(period: Period, now: datetime) -> Report:
    """Every table of the report, the hall's total row and its 投诉建议 figures."""
    bounds = period.bounds()
    total = Row(None, TOTAL_LABEL, ticket_figures(period).get(None, EMPTY_TICKETS),
                _case_figures(bounds, now).get(None, EMPTY_CASES),
                _rating_figures(None, bounds).get(None, EMPTY_RATINGS))
    tables = {dimension: _table(dimension, period, bounds, now) for dimension in DIMENSIONS}
    complaints = report_complaints.figures(period.start, period.end, now)
    return Report(period, now, total, tables, complaints)


def _table(dimension: str, period: Period, bounds, now: datetime) -> list[Row]:
    tickets = ticket_figures(period, dimension)
    cases = _case_figures(bounds, now, dimension)
    ratings = _rating_figures(dimension, bounds)
    no_tickets = None if dimension == "item" else EMPTY_TICKETS
    return [Row(key, label, tickets.get(key, no_tickets), cases.get(key, EMPTY_CASES),
                ratings.get(key, EMPTY_RATINGS))
            for key, label in row_names(dimension, set(tickets) | set(cases) | set(ratings))]


CASE_KEYS = {"department": Department.id, "window": Case.window_id, "staff": Case.staff_id,
             "item": Item.id}


def _case_figures(bounds, now: datetime, dimension: str | None = None) -> dict:
    group_by = CASE_KEYS[dimension] if dimension else None
    rows = case_queries.figures(*bounds, group_by=group_by, now=now)
    return {row.get("key"): row for row in rows if row["accepted"] or row["overdue"]
            or dimension is None}


def _rating_figures(dimension: str | None, bounds) -> dict:
    rows = satisfaction(dimension, *bounds)
    return {row["key"]: row for row in rows if row["count"]}


def ticket_figures(period: Period, dimension: str | None = None) -> dict:
    """{key: figures} of the tickets issued in the period, grouped by one dimension."""
    wait = minutes_between(Ticket.issued_at, Ticket.called_at)
    service = minutes_between(Ticket.started_at, Ticket.finished_at)
    query = select(func.count(Ticket.id),
                   func.count(Ticket.id).filter(Ticket.status == "done"),
                   func.count(Ticket.id).filter(Ticket.status == "no_show"),
                   func.avg(wait).filter(Ticket.called_at.is_not(None)),
                   func.avg(service).filter(Ticket.status == "done"))
    query = query.select_from(Ticket).where(Ticket.day >= period.start, Ticket.day <= period.end)
    key = None
    if dimension is not None:
        query, key = _ticket_key(query, dimension, period)
        query = query.add_columns(key).group_by(key)
    figures = {}
    for issued, served, no_shows, wait_mean, service_mean, *rest in db.session.execute(query):
        figures[rest[0] if rest else None] = {
            "issued": issued, "served": served, "no_shows": no_shows,
            "wait": _minutes(wait_mean), "service": _minutes(service_mean)}
    return {k: v for k, v in figures.items() if v["issued"] or dimension is None}


def _minutes(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _ticket_key(query, dimension: str, period: Period):
    """The query joined to what the dimension needs, and the grouping expression."""
    if dimension == "window":
        return query, Ticket.window_id
    if dimension == "staff":
        return query, Ticket.staff_id
    first = _first_cases(period)
    case, item = aliased(Case), aliased(Item)
    if dimension == "item":
        query = (query.join(first, first.c.ticket_id == Ticket.id)
                 .join(case, case.id == first.c.case_id))
        return query, case.item_id
    single = _single_department_windows()
    query = (query.outerjoin(first, first.c.ticket_id == Ticket.id)
             .outerjoin(case, case.id == first.c.case_id)
             .outerjoin(item, item.id == case.item_id)
             .outerjoin(single, single.c.window_id == Ticket.window_id))
    return query, func.coalesce(item.department_id, single.c.department_id)


def _first_cases(period: Period):
    """The first case accepted from each ticket of the period."""
    start, end = period.bounds()
    return (select(Case.ticket_id, func.min(Case.id).label("case_id"))
            .where(Case.ticket_id.is_not(None), Case.created_at >= start, Case.created_at < end)
            .group_by(Case.ticket_id).subquery("first_case"))


def _single_department_windows():
    """Windows that serve exactly one department, with that department."""
    link = window_department.c
    return (select(link.window_id, func.min(link.department_id).label("department_id"))
            .group_by(link.window_id).having(func.count() == 1).subquery("single_department"))


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
