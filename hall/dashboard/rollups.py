"""Daily roll-ups of closed days for the month report: tickets and ratings summed per day.

A month of a big hall is about 83 000 tickets and 36 000 ratings; grouping them afresh was
most of the report's time (bench/RESULTS.md). Once a hall-local day is over, its tickets and
ratings no longer change in any way the report counts, so they are summed once, per day and
per group the report needs, into `report_ticket_day` (by window, staff, department, item and
line: the sums of `ticket_sums_columns`) and `report_rating_day` (by window, staff,
department and item: count and satisfied). `report_day` names the days rolled up; its
primary key makes two reports rolling up the same day at once insert it only once (the
second one's transaction fails and is dropped: the first one's figures are the same).

When a day counts as over (`ready_days`):

- after its midnight plus `SETTLE`, so that a ticket or a rating written at 23:59 has
  committed; ratings count by the moment they are given, so none lands on a past day;
- when none of its tickets is still called or being served. Such a ticket (left at a window
  at closing time) can still be finished, re-queued or transferred, and a case accepted from
  it sets its department and item (`hall.cases.services.attribute_ticket`); the window's
  next call forces that first. Waiting tickets of a past day can no longer be called (a
  window calls only today's), so they stay as they are. A held-back day is read live until
  its last ticket is done, then rolled up;
- when it has a ticket or a rating: an empty day is not marked, so data written later for
  it (the demo's `simulate`) is still read.

What can still change a rolled-up day is a deletion: a window (tickets and ratings keep no
window), a department (`hall.items.services.delete_department` clears it on tickets,
ratings set it NULL). The roll-ups name them by foreign keys that do the same (ON DELETE SET
NULL), so the figures stay those of the live rows. Who is no longer in the catalogue is not
stored: a ticket never called has no department on the row; the report gives it its line's
department as the catalogue is when the report is made, for rolled-up days as for live ones.

Cases are not rolled up: they close, and 超期 depends on the moment the report is made.

Filling: `build()` reads the rolled-up days from the roll-ups and the others live in the
same statement, and when the live part held more than `LAZY_FILL_ROWS` rows of closed days,
rolls those days up afterwards in its own transaction (the first report of a month pays
once). The nightly `flask housekeeping` rolls up every closed day not yet done
(`roll_up_history`).
"""
import logging
from datetime import date, datetime, time, timedelta

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    and_,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.functions import FunctionElement

from hall.core import clock
from hall.core.extensions import db
from hall.core.types import UTCDateTime
from hall.queue.models import Ticket
from hall.queue.tickets import ACTIVE
from hall.ratings.models import SATISFIED_LEVEL, Rating

log = logging.getLogger(__name__)

SETTLE = timedelta(minutes=10)   # a day is over this long after its midnight
LAZY_FILL_ROWS = 2000            # below this a report reads live rather than write
CHUNK_DAYS = 31                  # days rolled up per transaction


class ReportDay(db.Model):
    """A closed hall-local day whose tickets and ratings are rolled up."""

    __tablename__ = "report_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rolled_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketDay(db.Model):
    """A day's tickets of one window, staff member, department, item and line, summed."""

    __tablename__ = "report_ticket_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(ForeignKey("report_day.day", ondelete="CASCADE"),
                                      index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="SET NULL"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    issued: Mapped[int] = mapped_column()
    served: Mapped[int] = mapped_column()
    no_shows: Mapped[int] = mapped_column()
    waited: Mapped[float] = mapped_column(Float)       # minutes, of wait_count tickets
    wait_count: Mapped[int] = mapped_column()
    serving: Mapped[float] = mapped_column(Float)      # minutes, of service_count tickets
    service_count: Mapped[int] = mapped_column()


class RatingDay(db.Model):
    """A day's ratings of one window, staff member, department and item, counted."""

    __tablename__ = "report_rating_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(ForeignKey("report_day.day", ondelete="CASCADE"),
                                      index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="SET NULL"))
    count: Mapped[int] = mapped_column()
    satisfied: Mapped[int] = mapped_column()


TICKET_KEYS = ("window_id", "staff_id", "department_id", "item_id", "category_id")
TICKET_SUMS = ("issued", "served", "no_shows", "waited", "wait_count", "serving",
               "service_count")
RATING_KEYS = ("window_id", "staff_id", "department_id", "item_id")


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
    # date_part gives double precision; EXTRACT gives numeric, several times slower to sum
    # over a month of tickets.
    begin, end = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"(date_part('epoch', {end} - {begin}) / 60.0)"


class day_among(FunctionElement):
    """`day IN (SELECT …)`; on PostgreSQL `day = ANY(ARRAY(SELECT …))`, which it computes
    before the scan and seeks by index."""

    type = Boolean()
    inherit_cache = True


@compiles(day_among)
def _day_among(element, compiler, **kw):
    column, days = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"{column} IN {days}"


@compiles(day_among, "postgresql")
def _day_among_postgresql(element, compiler, **kw):
    column, days = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"{column} = ANY(ARRAY{days})"


def ticket_sums_columns():
    """issued, served, no-shows, minutes waited and their count, minutes served and count.
    The counts test the timestamps, not the minutes: each row's arithmetic is done once."""
    wait = minutes_between(Ticket.issued_at, Ticket.called_at)
    service = minutes_between(Ticket.started_at, Ticket.finished_at)
    called, done = Ticket.called_at.is_not(None), Ticket.status == "done"
    timed = and_(done, Ticket.started_at.is_not(None), Ticket.finished_at.is_not(None))
    return (func.count(Ticket.id), func.count(Ticket.id).filter(done),
            func.count(Ticket.id).filter(Ticket.status == "no_show"),
            func.coalesce(func.sum(wait).filter(called), 0.0), func.count(Ticket.id).filter(called),
            func.coalesce(func.sum(service).filter(timed), 0.0),
            func.count(Ticket.id).filter(timed))


def open_day(now: datetime) -> date:
    """The first day that is not over: the days before it may be rolled up."""
    return clock.local(now - SETTLE).date()


def days_table(days: list[date]):
    """The days with their UTC bounds (day, starts_at, ends_at) as a table in SQL: one
    SELECT of parameters per day, so the database seeks each day's rows by index."""
    zone = clock.hall_zone()
    rows = [select(literal(day, Date()).label("day"),
                   literal(_midnight(day, zone), UTCDateTime()).label("starts_at"),
                   literal(_midnight(day + timedelta(days=1), zone), UTCDateTime())
                   .label("ends_at"))
            for day in days]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("days")


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time(), zone)


def _live_days(days: list[date]):
    """Those of `days` not rolled up, with their bounds."""
    table = days_table(days)
    rolled = select(ReportDay.day).where(ReportDay.day.between(days[0], days[-1]))
    return select(table).where(table.c.day.not_in(rolled)).subquery("live_days")


def ticket_rows(days: list[date], opening: date):
    """The tickets of `days` (consecutive) grouped by TICKET_KEYS: the TICKET_SUMS, then how
    many were read live from closed days (worth rolling up). Rolled-up days come from the
    roll-up, the others live, in one statement."""
    rolled_keys = [getattr(TicketDay, key) for key in TICKET_KEYS]
    rolled = (select(*rolled_keys, *(func.sum(getattr(TicketDay, name)) for name in TICKET_SUMS),
                     literal(0))
              .where(TicketDay.day.between(days[0], days[-1])).group_by(*rolled_keys))
    live_days = _live_days(days)
    live_keys = [getattr(Ticket, key) for key in TICKET_KEYS]
    live = (select(*live_keys, *ticket_sums_columns(),
                   func.count(Ticket.id).filter(Ticket.day < opening)).group_by(*live_keys))
    # Each live day's tickets sought by index. SQLite does that from the days joined to the
    # tickets, but scans every ticket for `day IN (SELECT …)`; PostgreSQL may hash-join the
    # few days against every ticket, but seeks `day = ANY(ARRAY(SELECT …))`.
    if db.session.get_bind().dialect.name == "postgresql":
        live = live.where(day_among(Ticket.day, select(live_days.c.day).scalar_subquery()))
    else:
        live = live.select_from(live_days).join(Ticket, Ticket.day == live_days.c.day)
    return union_all(rolled, live)


def rating_rows(days: list[date], opening: date):
    """The ratings given on `days` (consecutive) grouped by RATING_KEYS: count, satisfied,
    then how many were read live from closed days; as ticket_rows."""
    rolled_keys = [getattr(RatingDay, key) for key in RATING_KEYS]
    rolled = (select(*rolled_keys, func.sum(RatingDay.count), func.sum(RatingDay.satisfied),
                     literal(0))
              .where(RatingDay.day.between(days[0], days[-1])).group_by(*rolled_keys))
    live_days = _live_days(days)
    live_keys = [getattr(Rating, key) for key in RATING_KEYS]
    live = (select(*live_keys, func.count(Rating.id),
                   func.count(Rating.id).filter(Rating.level >= SATISFIED_LEVEL),
                   func.count(Rating.id).filter(live_days.c.day < opening))
            .select_from(live_days)
            .join(Rating, and_(Rating.created_at >= live_days.c.starts_at,
                               Rating.created_at < live_days.c.ends_at))
            .group_by(*live_keys))
    return union_all(rolled, live)


def fill_after_report(days: list[date], now: datetime, live_closed_rows: int) -> None:
    """After a report that read many rows of closed days live: roll those days up, so the
    next report reads the sums. A roll-up that cannot be written now is left to the next
    report or the nightly job; the report's figures do not depend on it."""
    if live_closed_rows < LAZY_FILL_ROWS or _session_holds_sqlite_write_lock():
        return
    try:
        roll_up(days, now)
    except OperationalError as exc:      # SQLite busy past the lock timeout, say
        log.warning("report roll-up skipped: %s", exc)


def _session_holds_sqlite_write_lock() -> bool:
    """SQLite: this request's session has written and not committed, so another connection
    would wait for its lock until the timeout (PostgreSQL's rows are not in the way)."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return False
    return bool(connection.connection.dbapi_connection.in_transaction)


def roll_up(days: list[date], now: datetime) -> list[date]:
    """Roll up those of `days` that are ready (`ready_days`), a month per transaction, apart
    from the caller's session. Returns the days rolled up."""
    closed = sorted(day for day in days if day < open_day(now))
    done = []
    for first in range(0, len(closed), CHUNK_DAYS):
        done += _roll_up_chunk(closed[first:first + CHUNK_DAYS], now)
    return done


def roll_up_history(now: datetime) -> list[date]:
    """Every closed day since the first ticket or rating that is not rolled up yet (the
    nightly job; the first run rolls up the whole history)."""
    with db.engine.connect() as connection:
        first_ticket = connection.scalar(select(func.min(Ticket.day)))
        first_rating = connection.scalar(select(func.min(Rating.created_at)))
        rolled = set(connection.scalars(select(ReportDay.day)))
    firsts = [day for day in (first_ticket, first_rating and clock.local(first_rating).date())
              if day is not None]
    if not firsts:
        return []
    day, last = min(firsts), open_day(now) - timedelta(days=1)
    missing = []
    while day <= last:
        if day not in rolled:
            missing.append(day)
        day += timedelta(days=1)
    return roll_up(missing, now)


def _roll_up_chunk(days: list[date], now: datetime) -> list[date]:
    if not days:
        return []
    try:
        with db.engine.begin() as connection:
            _analytic_settings(connection)
            ready = ready_days(connection, days)
            if ready:
                _write(connection, ready, now)
            return ready
    except IntegrityError:
        # Another report or the nightly job rolled up one of these days at the same moment
        # (report_day's primary key): theirs stands, ours is dropped whole.
        return []


def ready_days(connection, days: list[date]) -> list[date]:
    """Those of the closed `days` not rolled up, with a ticket or a rating, and no ticket
    still called or being served."""
    table = days_table(days)
    on_day = Ticket.day == table.c.day
    rated = and_(Rating.created_at >= table.c.starts_at, Rating.created_at < table.c.ends_at)
    query = (select(table.c.day)
             .where(table.c.day.not_in(select(ReportDay.day).where(ReportDay.day.in_(days))),
                    ~exists().where(on_day, Ticket.status.in_(ACTIVE)),
                    or_(exists().where(on_day), exists().where(rated)))
             .order_by(table.c.day))
    return list(connection.scalars(query))


def _write(connection, days: list[date], now: datetime) -> None:
    """The day markers first (a concurrent roll-up of the same day stops here), then the
    sums of the days' tickets and ratings."""
    connection.execute(insert(ReportDay), [{"day": day, "rolled_at": now} for day in days])
    keys = [getattr(Ticket, key) for key in TICKET_KEYS]
    tickets = (select(Ticket.day, *keys, *ticket_sums_columns())
               .where(Ticket.day.in_(days)).group_by(Ticket.day, *keys))
    connection.execute(insert(TicketDay).from_select(["day", *TICKET_KEYS, *TICKET_SUMS],
                                                     tickets))
    table = days_table(days)
    keys = [getattr(Rating, key) for key in RATING_KEYS]
    ratings = (select(table.c.day, *keys, func.count(Rating.id),
                      func.count(Rating.id).filter(Rating.level >= SATISFIED_LEVEL))
               .select_from(table)
               .join(Rating, and_(Rating.created_at >= table.c.starts_at,
                                  Rating.created_at < table.c.ends_at))
               .group_by(table.c.day, *keys))
    connection.execute(insert(RatingDay).from_select(["day", *RATING_KEYS, "count", "satisfied"],
                                                     ratings))


def _analytic_settings(connection) -> None:
    """PostgreSQL: no JIT and room to hash the groups (as the report's own pass)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL jit = off"))
        connection.execute(text("SET LOCAL work_mem = '32MB'"))
