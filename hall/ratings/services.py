"""Operations on ratings: rate a ticket or a case, follow a 差评 up, satisfaction figures.

Each operation validates, changes state, audits (masked: no comment text, no names),
publishes `rating.created` and flushes; the caller commits. One rating per ticket and per
case is enforced twice: a look-up for a clear message, and the unique constraints for two
submissions racing each other (the loser's IntegrityError becomes a Conflict).
"""
import secrets
from datetime import datetime

from sqlalchemy import case as when
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hall.auth.models import User
from hall.calendar.services import load_calendar
from hall.calendar.workdays import CalendarMissing
from hall.cases.models import Case
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, Forbidden, NotFound
from hall.core.extensions import db
from hall.core.journal import record
from hall.core.roles import Permission
from hall.events.services import publish
from hall.items.models import Department, Item
from hall.queue.models import Ticket
from hall.ratings.models import BAD_LEVEL, CHANNELS, REASONS, SATISFIED_LEVEL, FollowUp, Rating
from hall.settings import services as settings
from hall.windows.models import Window

COMMENT_MAX = 500
NOT_FOUND = "未找到可评价的服务，请核对后重试"
NOT_FINISHED = "办结后可以评价"
ALREADY = "您已评价，感谢您的反馈"
PUBLIC = Actor(username="citizen", role="public")


def check_input(level, comment, reasons) -> tuple[int, str, list[str]]:
    """The level, comment and reasons cleaned, or a DomainError naming each bad field."""
    fields = {}
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        fields["level"] = "评价等级须为 1 到 5"
    comment = "" if comment is None else comment
    if not isinstance(comment, str) or len(comment.strip()) > COMMENT_MAX:
        fields["comment"] = f"意见建议不能超过 {COMMENT_MAX} 字"
    reasons = [] if reasons is None else reasons
    if not isinstance(reasons, list) or not all(r in REASONS for r in reasons):
        fields["reasons"] = "原因须从给定选项中选择"
    if fields:
        raise DomainError(next(iter(fields.values())), code="invalid", fields=fields)
    reasons = list(dict.fromkeys(reasons)) if level <= BAD_LEVEL else []   # 差评 only
    return level, comment.strip(), reasons


def rate_ticket(token: str, level, comment, reasons, channel: str, now: datetime) -> Rating:
    """Rate the service of a finished ticket, found by its token."""
    level, comment, reasons = check_input(level, comment, reasons)
    ticket = db.session.scalar(select(Ticket).where(Ticket.token == str(token or "")[:64]))
    if ticket is None or not token:
        raise NotFound(NOT_FOUND)
    return rate(ticket, level, comment, reasons, channel, now)


def rate_case(case_no: str, code: str, level, comment, reasons, channel: str,
              now: datetime) -> Rating:
    """Rate a closed case; a wrong query code looks exactly like an unknown case."""
    level, comment, reasons = check_input(level, comment, reasons)
    found = db.session.scalar(select(Case).where(Case.case_no == str(case_no or "")[:24]))
    if found is None or not code or not secrets.compare_digest(found.query_code, str(code)[:8]):
        raise NotFound(NOT_FOUND)
    return rate(found, level, comment, reasons, channel, now)


def rate(subject: Ticket | Case, level: int, comment: str, reasons: list[str], channel: str,
         now: datetime, actor: Actor = PUBLIC) -> Rating:
    """Store one rating of a finished ticket or closed case (inputs already checked)."""
    if channel not in CHANNELS:
        raise DomainError("评价渠道不正确", fields={"channel": "评价渠道不正确"})
    check_rateable(subject)
    rating = Rating(level=level, comment=comment, reasons="、".join(reasons), channel=channel,
                    created_at=now, **subject_fields(subject))
    _insert_once(rating)
    if rating.is_bad:
        open_follow_up(rating, now)
    record(actor, "rating.created", rating, after=rating.audit_dict())
    publish("rating.created", {"id": rating.id, "level": rating.level,
                               "window_id": rating.window_id,
                               "follow_up": rating.is_bad}, now)
    return rating


def is_finished(subject: Ticket | Case) -> bool:
    return subject.status == ("done" if isinstance(subject, Ticket) else "closed")


def rating_of(subject: Ticket | Case) -> Rating | None:
    column = Rating.ticket_id if isinstance(subject, Ticket) else Rating.case_id
    return db.session.scalar(select(Rating).where(column == subject.id))


def check_rateable(subject: Ticket | Case) -> None:
    """Only a finished service, and only once."""
    if not is_finished(subject):
        raise Conflict(NOT_FINISHED, code="not_finished")
    if rating_of(subject) is not None:
        raise Conflict(ALREADY, code="already_rated")


def subject_fields(subject: Ticket | Case) -> dict:
    """Who and what a rating is about: window, staff, department and item."""
    if isinstance(subject, Case):
        return {"case_id": subject.id, "window_id": subject.window_id,
                "staff_id": subject.staff_id, "item_id": subject.item_id,
                "department_id": subject.item.department_id if subject.item else None}
    window = db.session.get(Window, subject.window_id) if subject.window_id else None
    departments = window.departments if window else []
    return {"ticket_id": subject.id, "window_id": subject.window_id,
            "staff_id": subject.staff_id, "item_id": None,
            "department_id": departments[0].id if len(departments) == 1 else None}


def _insert_once(rating: Rating) -> None:
    """Insert in a savepoint: a concurrent rating of the same thing is a Conflict."""
    try:
        with db.session.begin_nested():
            db.session.add(rating)
    except IntegrityError:
        raise Conflict(ALREADY, code="already_rated") from None


def open_follow_up(rating: Rating, now: datetime) -> FollowUp:
    """A 差评's follow-up: call back and fix within working days (None when unknown)."""
    day = clock.local(now).date()
    calendar, missing = load_calendar(), None
    dues = {}
    for name, key in (("callback_due", "followup_callback_days"),
                      ("fix_due", "followup_fix_days")):
        try:
            dues[name] = calendar.add_workdays(day, int(settings.get(key)))
        except CalendarMissing as exc:
            dues[name], missing = None, missing or exc.year
    follow_up = FollowUp(rating=rating, status="open", calendar_missing_year=missing, **dues)
    db.session.add(follow_up)
    db.session.flush()
    return follow_up


def _check_manager(manager) -> None:
    if not manager.can(Permission.MANAGE_HALL):
        raise Forbidden("只有大厅管理员可以处理差评回访", code="forbidden")


def _note(note) -> str:
    note = str(note or "").strip()
    if not note:
        raise DomainError("请填写情况说明", fields={"note": "请填写情况说明"})
    if len(note) > 2000:
        raise DomainError("情况说明不能超过 2000 字", fields={"note": "内容过长"})
    return note


def record_callback(manager, follow_up: FollowUp, note, now: datetime,
                    address: str = "") -> FollowUp:
    """回访: the citizen was called back (or could not be reached: say so in the note)."""
    _check_manager(manager)
    if follow_up.status != "open":
        raise Conflict("该差评已记录回访", code="invalid_state")
    before = follow_up.audit_dict()
    follow_up.callback_note, follow_up.callback_at = _note(note), now
    follow_up.callback_by, follow_up.status = manager.username, "called_back"
    db.session.flush()
    record(Actor.of(manager, address), "followup.callback", follow_up, before=before,
           after=follow_up.audit_dict())
    return follow_up


def record_result(manager, follow_up: FollowUp, note, now: datetime,
                  address: str = "") -> FollowUp:
    """整改结果: what was fixed or explained; closes the follow-up."""
    _check_manager(manager)
    if follow_up.status != "called_back":
        raise Conflict("请先记录回访情况" if follow_up.status == "open" else "该差评回访已办结",
                       code="invalid_state")
    before = follow_up.audit_dict()
    follow_up.result_note, follow_up.result_at = _note(note), now
    follow_up.result_by, follow_up.status = manager.username, "closed"
    db.session.flush()
    record(Actor.of(manager, address), "followup.result", follow_up, before=before,
           after=follow_up.audit_dict())
    return follow_up


def open_follow_ups() -> list[FollowUp]:
    """Every follow-up not yet closed, the earliest deadline first."""
    query = (select(FollowUp).join(Rating).where(FollowUp.status.in_(("open", "called_back")))
             .order_by(FollowUp.callback_due.is_(None), FollowUp.callback_due, FollowUp.id))
    return list(db.session.scalars(query))


GROUPS = {
    "window": (Rating.window_id, Window, (Window.no, Window.name)),
    "staff": (Rating.staff_id, User, (User.name, User.staff_no)),
    "department": (Rating.department_id, Department, (Department.name,)),
    "item": (Rating.item_id, Item, (Item.name,)),
}


def satisfaction(group_by: str | None = None, start: datetime | None = None,
                 end: datetime | None = None) -> list[dict]:
    """count, satisfied (≥4), 差评 (≤2), average and rate, per group, in one query."""
    figures = (func.count(Rating.id).label("count"),
               func.sum(when((Rating.level >= SATISFIED_LEVEL, 1), else_=0)).label("satisfied"),
               func.sum(when((Rating.level <= BAD_LEVEL, 1), else_=0)).label("bad"),
               func.avg(Rating.level).label("average"))
    if group_by is None:
        query = select(*figures)
        keys = ()
    else:
        column, model, labels = GROUPS[group_by]
        keys = (column, *labels)
        query = (select(*keys, *figures).select_from(Rating)
                 .outerjoin(model, model.id == column).group_by(*keys).order_by(*keys))
    if start is not None:
        query = query.where(Rating.created_at >= start)
    if end is not None:
        query = query.where(Rating.created_at < end)
    return [_figures(row, len(keys)) for row in db.session.execute(query)]


def _figures(row, key_count: int) -> dict:
    count, satisfied, bad, average = row[key_count:]
    return {"key": row[0] if key_count else None, "label": _label(row[1:key_count]),
            "count": count, "satisfied": satisfied or 0, "bad": bad or 0,
            "average": round(float(average), 2) if average is not None else None,
            "rate": round((satisfied or 0) / count, 4) if count else None}


def _label(parts) -> str:
    """A group's name: 3号窗口 社会事务窗口, 陈晓燕 T0001, or the department's name."""
    if not parts or parts[0] is None:
        return "未指定"
    if isinstance(parts[0], int):
        return f"{parts[0]}号窗口 {parts[1]}"
    return " ".join(str(p) for p in parts if p)


def acting_staff(window: Window, now: datetime) -> User | None:
    """Who serves at the window: the staff on its latest ticket today, else its A staff."""
    day = clock.local(now).date()
    staff_id = db.session.scalar(
        select(Ticket.staff_id).where(Ticket.window_id == window.id, Ticket.day == day,
                                      Ticket.staff_id.is_not(None))
        .order_by(func.coalesce(Ticket.finished_at, Ticket.called_at).desc()).limit(1))
    if staff_id is not None:
        return db.session.get(User, staff_id)
    return window.staff_a
