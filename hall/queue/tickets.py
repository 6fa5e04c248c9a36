"""Operations on tickets: call, recall, start, finish, no-show, transfer (issuing: issuing.py).

Every operation takes the Actor (who, from where) and `now`, changes the ticket through a
guarded UPDATE so that two windows acting at once cannot both win, writes the audit entry
and publishes the event last, and flushes. The caller commits.
"""
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, case, func, or_, select, update

from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, Forbidden
from hall.core.extensions import db
from hall.core.journal import record
from hall.events.services import publish
from hall.queue import attribution, notices
from hall.queue.issuing import APPOINTMENT_RANK, FRONT_RANK, PRIORITY_RANK, hall_day, issue
from hall.queue.models import Category, Ticket
from hall.queue.payloads import call_text, ticket_event  # noqa: F401  (call_text: the API's too)
from hall.settings import services as settings
from hall.windows.models import Window

ACTIVE = ("called", "serving")


def issue_ticket(category: Category, now: datetime, *, priority: bool = False,
                 kiosk_id: int | None = None, actor: Actor | None = None,
                 check_hours: bool = True, appointment_code: str | None = None,
                 phone: str | None = None) -> Ticket:
    """Issue a ticket and return it as a model object (pages, check-in, the simulation)."""
    new = issue(category, now, priority=priority, kiosk_id=kiosk_id, actor=actor,
                check_hours=check_hours, appointment_code=appointment_code, phone=phone)
    return db.session.get(Ticket, new.id)


def _journal(actor: Actor, action: str, ticket: Ticket, now: datetime,
             before: dict | None = None, **extra) -> None:
    """Audit then publish, the two serialising writes, as late as possible."""
    record(actor, action, ticket, before=before, after=ticket.audit_dict(), label=ticket.number)
    publish(action, ticket_event(ticket, **extra), now)


def ahead_of(ticket: Ticket) -> int:
    """Waiting tickets of the same category and day that will be called first."""
    return ahead_count(ticket.day, ticket.category_id, ticket.rank, ticket.queued_at, ticket.id)


def ahead_count(day, category_id: int, rank: int, queued_at: datetime, ticket_id: int) -> int:
    """The place in line of a waiting ticket given by its values.

    Ahead are the higher ranks, then the earlier queued. An ordinary ticket is counted from
    the other end (everyone waiting but itself and the few queued after it), because the
    line's total is a plain index count while "earlier" is a slow filter over the line.
    """
    params = {"a_day": day, "a_category": category_id, "a_rank": rank, "a_queued": queued_at,
              "a_id": ticket_id}
    connection = db.session.connection()
    if rank != 0:
        return connection.execute(_AHEAD, params).scalar_one()
    waiting = connection.execute(_WAITING, params).scalar_one()
    return max(0, waiting - 1 - connection.execute(_BEHIND_ORDINARY, params).scalar_one())


def _line_statements():
    t = Ticket.__table__
    rank, ticket_id = bindparam("a_rank"), bindparam("a_id")
    queued = bindparam("a_queued", type_=t.c.queued_at.type)
    line = (t.c.day == bindparam("a_day"), t.c.status == "waiting",
            t.c.category_id == bindparam("a_category"))
    earlier = or_(t.c.rank > rank, and_(t.c.rank == rank, t.c.queued_at < queued),
                  and_(t.c.rank == rank, t.c.queued_at == queued, t.c.id < ticket_id))
    later = and_(t.c.rank == 0, or_(t.c.queued_at > queued,
                                    and_(t.c.queued_at == queued, t.c.id > ticket_id)))
    count = select(func.count()).select_from(t)
    return (count.where(*line, t.c.id != ticket_id, earlier), count.where(*line),
            count.where(*line, later))


_AHEAD, _WAITING, _BEHIND_ORDINARY = _line_statements()


def check_acts_for(actor: Actor, window: Window) -> None:
    """Staff act only at their own windows; managers anywhere."""
    if actor.user is None or not window.can_operate(actor.user):
        raise Forbidden("您不是该窗口的工作人员", code="not_your_window")


def current_ticket(window: Window) -> Ticket | None:
    """The ticket called or being served at a window, if any."""
    return db.session.scalar(select(Ticket).where(
        Ticket.window_id == window.id, Ticket.status.in_(ACTIVE)).order_by(Ticket.called_at.desc()))


def _call_order(window: Window):
    """Tickets sent to this window first, then priority and transfers, then the oldest."""
    return (case((Ticket.target_window_id == window.id, 1), else_=0).desc(),
            Ticket.rank.desc(), Ticket.queued_at, Ticket.id)


def _callable_here(window: Window):
    """Waiting tickets this window may call: its active lines' (unless sent to another
    window) and any sent to it by a transfer, whatever their line."""
    category_ids = [c.id for c in window.categories if c.is_active]
    return or_(and_(Ticket.category_id.in_(category_ids), Ticket.target_window_id.is_(None)),
               Ticket.target_window_id == window.id)


def waiting_for(window: Window, now: datetime, limit: int | None = None):
    """The line as this window would call it."""
    query = (select(Ticket).where(Ticket.day == hall_day(now), Ticket.status == "waiting",
                                  _callable_here(window))
             .order_by(*_call_order(window)))
    return db.session.scalars(query.limit(limit) if limit else query).all()


def waiting_by_line(window: Window, now: datetime) -> dict[int, int]:
    """{category id: tickets waiting} of what this window may call, in one grouped query."""
    query = (select(Ticket.category_id, func.count())
             .where(Ticket.day == hall_day(now), Ticket.status == "waiting",
                    _callable_here(window)).group_by(Ticket.category_id))
    return dict(db.session.execute(query).all())


def call_next(window: Window, actor: Actor, now: datetime) -> Ticket | None:
    """Call the next ticket for this window; None when nobody waits. Never one ticket twice,
    never two tickets at once: presses on one window queue on its row lock, and the unique
    index uq_ticket_window_active backs that up."""
    check_acts_for(actor, window)
    lock_window(window)
    if window.status != "open":
        raise Conflict(f"{window.no}号窗口当前为“{window.status_label}”状态，请先开放窗口",
                       code="window_not_open")
    held = current_ticket(window)
    if held is not None:
        raise Conflict(f"本窗口已叫 {held.number} 号（{held.status_label}），请先处理当前号码"
                       "（办结、过号或转移）后再叫下一位", code="window_busy")
    for _ in range(20):
        candidate = _next_candidate(window, now)
        if candidate is None:
            return None
        claimed = db.session.execute(
            update(Ticket).where(Ticket.id == candidate, Ticket.status == "waiting")
            .values(status="called", window_id=window.id, staff_id=actor.user_id, called_at=now,
                    target_window_id=None)).rowcount
        if claimed == 1:
            ticket = db.session.get(Ticket, candidate, populate_existing=True)
            attribute_called(ticket, window)
            _journal(actor, "ticket.called", ticket, now, recall=False)
            notices.tell_called(ticket, window.no, now)
            notices.tell_those_near(ticket.day, ticket.category_id, now)
            return ticket
    raise Conflict("叫号繁忙，请重试", code="busy")


def attribute_called(ticket: Ticket, window: Window) -> None:
    """The department the reports count a just-called ticket for, unless a case from it
    (rule 1 of hall/queue/attribution.py) has already decided it: its first case stores
    the item on the ticket with the department, so a ticket with an item has a case."""
    if ticket.item_id is None:
        ticket.department_id = attribution.called_department(
            db.session.connection(), window.id, ticket.category_id)


def lock_window(window: Window) -> None:
    """Hold the window's row until commit and read it afresh: its status and tickets as the
    previous holder left them.

    PostgreSQL locks the row (FOR NO KEY UPDATE: a ticket transferred to this window, which
    only takes a key-share lock for its foreign key, need not wait). SQLite has no row locks:
    a no-op UPDATE takes the database's write lock, which serialises the whole transaction.
    """
    table = Window.__table__
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(table.c.id).where(table.c.id == window.id)
                           .with_for_update(key_share=True))
    else:
        db.session.execute(update(table).where(table.c.id == window.id)
                           .values(status=table.c.status))
    db.session.refresh(window, ["status"])


def _next_candidate(window: Window, now: datetime) -> int | None:
    category_ids = [c.id for c in window.categories if c.is_active]
    mine = or_(and_(Ticket.category_id.in_(category_ids), Ticket.target_window_id.is_(None)),
               Ticket.target_window_id == window.id)
    query = (select(Ticket.id).where(Ticket.day == hall_day(now), Ticket.status == "waiting", mine)
             .order_by(*_call_order(window)).limit(1))
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return db.session.scalar(query)


def _transition(ticket: Ticket, allowed: tuple, message: str, **values) -> dict:
    """Move a ticket on only from an allowed status; the UPDATE re-checks it."""
    before = ticket.audit_dict()
    changed = db.session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.status.in_(allowed))
        .values(**values)).rowcount
    if changed != 1:
        db.session.refresh(ticket)
        raise Conflict(f"{ticket.number}号{message}（当前状态：{ticket.status_label}）",
                       code="invalid_state")
    db.session.refresh(ticket)
    return before


def _own_window(ticket: Ticket, actor: Actor) -> Window:
    window = db.session.get(Window, ticket.window_id) if ticket.window_id else None
    if window is None:
        raise Conflict(f"{ticket.number}号尚未被叫号", code="invalid_state")
    check_acts_for(actor, window)
    return window


def recall(ticket: Ticket, actor: Actor, now: datetime) -> Ticket:
    """Announce the same number again."""
    _own_window(ticket, actor)
    before = _transition(ticket, ("called",), "不在叫号状态，不能重呼",
                         recalls=Ticket.recalls + 1, called_at=now)
    _journal(actor, "ticket.recalled", ticket, now, before, recall=True)
    return ticket


def start(ticket: Ticket, actor: Actor, now: datetime) -> Ticket:
    _own_window(ticket, actor)
    before = _transition(ticket, ("called",), "不在叫号状态，不能开始办理",
                         status="serving", started_at=now, staff_id=actor.user_id)
    _journal(actor, "ticket.started", ticket, now, before)
    return ticket


def finish(ticket: Ticket, actor: Actor, now: datetime) -> Ticket:
    """Service done; a ticket finished straight from 'called' counts service from the call."""
    _own_window(ticket, actor)
    before = _transition(ticket, ACTIVE, "不在办理中，不能办结", status="done",
                         finished_at=now,
                         started_at=func.coalesce(Ticket.started_at, Ticket.called_at, now))
    _journal(actor, "ticket.done", ticket, now, before)
    return ticket


def no_show(ticket: Ticket, actor: Actor, now: datetime) -> Ticket:
    """过号: re-queued once behind N people when the hall allows it, else closed as a no-show."""
    _own_window(ticket, actor)
    if settings.get("noshow_requeue") and ticket.requeues < 1:
        queued_at = _requeue_time(ticket, now, settings.get("noshow_requeue_behind"))
        before = _transition(ticket, ("called",), "不在叫号状态，不能过号", status="waiting",
                             window_id=None, requeues=Ticket.requeues + 1,
                             queued_at=queued_at,
                             rank=Ticket.rank.op("&")(PRIORITY_RANK | APPOINTMENT_RANK))
        requeued = True
    else:
        before = _transition(ticket, ("called",), "不在叫号状态，不能过号", status="no_show",
                             finished_at=now)
        requeued = False
    _journal(actor, "ticket.no_show", ticket, now, before, requeued=requeued)
    return ticket


def _requeue_time(ticket: Ticket, now: datetime, behind: int) -> datetime:
    """A queue position just after the behind-th ordinary ticket now waiting in its category."""
    query = (select(Ticket.queued_at).where(
        Ticket.day == ticket.day, Ticket.status == "waiting",
        Ticket.category_id == ticket.category_id, Ticket.rank == 0)
        .order_by(Ticket.queued_at, Ticket.id).offset(max(behind, 1) - 1).limit(1))
    nth = db.session.scalar(query)
    return nth + timedelta(microseconds=1) if nth is not None and nth < now else now


def transfer(ticket: Ticket, actor: Actor, now: datetime, *, window: Window | None = None,
             category: Category | None = None) -> Ticket:
    """Send a ticket to another window or category: same number, front of that line."""
    current = _own_window(ticket, actor)
    if (window is None) == (category is None):
        raise DomainError("请选择转往的窗口或业务类别", code="invalid",
                          fields={"window": "请选择窗口或类别"})
    if window is not None and window.id == current.id:
        raise DomainError("不能转移到本窗口", fields={"window": "不能转移到本窗口"})
    values = dict(status="waiting", window_id=None, queued_at=now, started_at=None,
                  rank=Ticket.rank.op("|")(FRONT_RANK),
                  target_window_id=window.id if window else None)
    if category is not None:
        values["category_id"] = category.id
    before = _transition(ticket, ACTIVE, "不在办理中，不能转移", **values)
    target = f"{window.no}号窗口" if window else category.name
    _journal(actor, "ticket.transferred", ticket, now, before, to=target)
    return ticket
