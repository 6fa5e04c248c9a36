"""Operations on complaints: a citizen submits, the manager answers, resolves, withholds.

Each operation validates, changes state, audits (masked: no text, no full name or phone),
publishes `complaint.changed` (ids and states only: the event stream is public) and flushes;
the caller commits. A complaint (投诉) must carry a name and a phone so the hall can check it
and reply; a suggestion or a praise may be anonymous. The public wall shows a complaint once
the manager has answered it, unless the manager withheld it with a reason.
"""
from dataclasses import asdict
from datetime import date, datetime, time

from sqlalchemy import select

from hall.calendar.services import load_calendar
from hall.calendar.workdays import CalendarMissing
from hall.complaints.drafts import CONTENT_MAX, NAME_MAX, Draft, check, clean_text  # noqa: F401 (re-exported)
from hall.complaints.models import CHANNELS, KINDS, Complaint
from hall.core import clock
from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError, Forbidden
from hall.core.extensions import db
from hall.core.journal import record
from hall.core.roles import Permission
from hall.events.services import publish
from hall.settings import services as settings
from hall.web import ratelimit

ANSWER_MAX, REASON_MAX = 2000, 200
LIMIT, KIOSK_LIMIT, LIMIT_SECONDS = 5, 60, 3600
def citizen(address: str = "") -> Actor:
    """A member of the public submitting, known only by the address."""
    return Actor(username="citizen", role="public", address=address)


def allowance(kiosk_id: int | None, address: str, now: datetime) -> ratelimit.Limit:
    """Count one submission against the registered kiosk, else against the address."""
    if kiosk_id is not None:
        return ratelimit.hit(f"complaint:kiosk:{kiosk_id}", KIOSK_LIMIT, LIMIT_SECONDS, now)
    return ratelimit.hit(f"complaint:addr:{address}", LIMIT, LIMIT_SECONDS, now)


def too_many_message(retry_after: int) -> str:
    minutes = max(1, -(-int(retry_after) // 60))
    return f"提交过于频繁，请 {minutes} 分钟后再试，或到咨询导办窗口当面反映"


def reply_due(now: datetime) -> tuple[date | None, int | None]:
    """The reply deadline (N working days after the day received) or the missing year."""
    try:
        days = int(settings.get("complaint_reply_days"))
        return load_calendar().add_workdays(clock.local(now).date(), days), None
    except CalendarMissing as exc:
        return None, exc.year


def submit(draft: Draft, channel: str, now: datetime, actor: Actor) -> Complaint:
    """Store a checked submission with its reply deadline."""
    if channel not in CHANNELS:
        raise DomainError("提交渠道不正确", fields={"channel": "提交渠道不正确"})
    due, missing = reply_due(now)
    complaint = Complaint(**asdict(draft), channel=channel, status="open", created_at=now,
                          reply_due=due, calendar_missing_year=missing, answer="",
                          answered_by="", resolved_by="", is_public=True, withhold_reason="")
    db.session.add(complaint)
    db.session.flush()
    record(actor, "complaint.submitted", complaint, after=complaint.audit_dict())
    _publish(complaint, "submitted", now)
    return complaint


def _publish(complaint: Complaint, action: str, now: datetime) -> None:
    publish("complaint.changed", {"id": complaint.id, "kind": complaint.kind,
                                  "status": complaint.status, "action": action}, now)


def _check_manager(actor: Actor) -> None:
    if actor.user is None or not actor.user.can(Permission.MANAGE_HALL):
        raise Forbidden("只有大厅管理员可以处理投诉建议")


def _changed(actor: Actor, complaint: Complaint, action: str, before: dict,
             now: datetime) -> Complaint:
    """Flush, audit and publish one change made by the manager."""
    db.session.flush()
    record(actor, action, complaint, before=before,
           after=complaint.audit_dict())
    _publish(complaint, action.split(".", 1)[1], now)
    return complaint


def answer(actor: Actor, complaint: Complaint, text, now: datetime) -> Complaint:
    """Answer (or correct the answer); the first answer moves it to 已回复."""
    _check_manager(actor)
    text = clean_text(text or "")
    if not text:
        raise DomainError("请填写答复内容", fields={"answer": "请填写答复内容"})
    if len(text) > ANSWER_MAX:
        raise DomainError(f"答复不能超过 {ANSWER_MAX} 字", fields={"answer": "答复内容过长"})
    before = complaint.audit_dict()
    action = "complaint.answer_edited" if complaint.answered_at else "complaint.answered"
    complaint.answer, complaint.answered_by = text, actor.username
    if complaint.answered_at is None:
        complaint.answered_at, complaint.status = now, "answered"
    return _changed(actor, complaint, action, before, now)


def set_resolved(actor: Actor, complaint: Complaint, resolved: bool, now: datetime) -> Complaint:
    """Mark 已解决, or take that back (it returns to 已回复)."""
    _check_manager(actor)
    if complaint.answered_at is None:
        raise Conflict("请先答复，再标记是否已解决", code="not_answered")
    if resolved == (complaint.status == "resolved"):
        raise Conflict("已是已解决状态" if resolved else "尚未标记为已解决", code="invalid_state")
    before = complaint.audit_dict()
    complaint.status = "resolved" if resolved else "answered"
    complaint.resolved_at = now if resolved else None
    complaint.resolved_by = actor.username if resolved else ""
    action = "complaint.resolved" if resolved else "complaint.reopened"
    return _changed(actor, complaint, action, before, now)


def set_public(actor: Actor, complaint: Complaint, public: bool, reason, now: datetime) -> Complaint:
    """Withhold from the public wall with a reason kept, or publish again."""
    _check_manager(actor)
    if public == complaint.is_public:
        raise Conflict("已是公开状态" if public else "已设为不公开", code="invalid_state")
    reason = "" if public else clean_text(reason or "", multiline=False)
    if not public and not reason:
        raise DomainError("请填写不公开的理由", fields={"reason": "请填写不公开的理由"})
    if len(reason) > REASON_MAX:
        raise DomainError(f"理由不能超过 {REASON_MAX} 字", fields={"reason": "理由过长"})
    before = complaint.audit_dict()
    complaint.is_public, complaint.withhold_reason = public, reason
    action = "complaint.published" if public else "complaint.withheld"
    return _changed(actor, complaint, action, before, now)


def fill_in_dues(now: datetime) -> int:
    """Compute the deadlines that waited for a year's calendar, once it is loaded."""
    waiting = db.session.scalars(select(Complaint).where(
        Complaint.reply_due.is_(None), Complaint.calendar_missing_year.is_not(None))).all()
    calendar, days, filled = load_calendar(), int(settings.get("complaint_reply_days")), 0
    for complaint in waiting:
        try:
            due = calendar.add_workdays(clock.local(complaint.created_at).date(), days)
        except CalendarMissing:
            continue
        before = complaint.audit_dict()
        complaint.reply_due, complaint.calendar_missing_year = due, None
        db.session.flush()
        record(Actor.system(), "complaint.due_filled", complaint, before=before,
               after=complaint.audit_dict())
        filled += 1
    return filled


def _moment(value) -> datetime:
    """A datetime as is; a date as the hall-local midnight starting it."""
    if isinstance(value, datetime):
        return value
    return datetime.combine(value, time.min, clock.hall_zone())


def complaint_rates(start, end, now: datetime | None = None) -> dict:
    """Figures on complaints, suggestions and praise received in [start, end).

    `start` and `end` are aware datetimes, or dates meaning the hall-local midnight that
    starts them (so the whole of December is `date(2026, 12, 1), date(2027, 1, 1)`).
    Returns a dict:
      received, answered, resolved: counts (answered includes resolved ones);
      reply_rate = answered / received, resolution_rate = resolved / received
        (floats rounded to 4 places, None when nothing was received);
      overdue: still unanswered and past the reply deadline as of `now` (default: now);
      answered_late: answered, but after the reply deadline;
      by_kind: {"complaint"|"suggestion"|"praise": {"received", "answered", "resolved"}}.
    """
    today = clock.local(now or clock.now()).date()
    rows = db.session.execute(select(
        Complaint.kind, Complaint.status, Complaint.answered_at, Complaint.reply_due)
        .where(Complaint.created_at >= _moment(start), Complaint.created_at < _moment(end)))
    figures = {"received": 0, "answered": 0, "resolved": 0, "overdue": 0, "answered_late": 0}
    by_kind = {kind: {"received": 0, "answered": 0, "resolved": 0} for kind in KINDS}
    for kind, status, answered_at, due in rows:
        _count(figures, by_kind[kind], status, answered_at, due, today)
    received = figures["received"]
    return {**figures, "reply_rate": _rate(figures["answered"], received),
            "resolution_rate": _rate(figures["resolved"], received), "by_kind": by_kind}


def _count(figures: dict, kind_figures: dict, status: str, answered_at, due, today) -> None:
    answered_on = clock.local(answered_at).date() if answered_at else None
    for target in (figures, kind_figures):
        target["received"] += 1
        target["answered"] += answered_at is not None
        target["resolved"] += status == "resolved"
    figures["overdue"] += answered_on is None and due is not None and today > due
    figures["answered_late"] += answered_on is not None and due is not None and answered_on > due


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
