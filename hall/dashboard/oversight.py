"""The dashboard's watch over deadlines: yellow and red cases, open 差评 follow-ups, and
the holiday years the hall still lacks. Lists are bounded; totals come from grouped counts.
"""
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy import case as when

from hall.auth.models import User, person_label
from hall.calendar.workdays import Calendar, CalendarMissing
from hall.cases.models import OPEN_STATUSES, Case
from hall.cases.queries import warning_columns
from hall.core.extensions import db
from hall.core.masking import mask_name
from hall.dashboard.today import iso
from hall.items.models import Item
from hall.ratings.models import FollowUp, Rating
from hall.windows.models import Window

OPEN = OPEN_STATUSES
FOLLOW_UP_OPEN = ("open", "called_back")   # indexed; "not closed" would scan them all
LIST_LIMIT = 50
WARNING_LABELS = {"red": "已超期", "yellow": "即将到期"}


# --- cases -------------------------------------------------------------------------------

def cases(now: datetime, today: date, calendar: Calendar, counts: dict,
          limit: int = LIST_LIMIT) -> dict:
    """Red then yellow open cases, the most pressing first, with working days left."""
    colour, escalated = warning_columns(now)
    pressing = (select(Case.id, colour.label("warning"), escalated.label("escalated"))
                .where(Case.status.in_(OPEN), colour.in_(("red", "yellow")))
                .order_by(when((colour == "red", 0), else_=1), Case.due_date, Case.id)
                .limit(limit).subquery())
    query = (select(Case.case_no, Case.kind, Case.status, Case.applicant_type,
                    Case.applicant_name, Case.due_date, Item.name, Window.no,
                    pressing.c.warning, pressing.c.escalated)
             .join(pressing, pressing.c.id == Case.id)
             .join(Item, Item.id == Case.item_id)
             .outerjoin(Window, Window.id == Case.window_id)
             .order_by(when((pressing.c.warning == "red", 0), else_=1), Case.due_date, Case.id))
    rows = [_case(row, today, calendar) for row in db.session.execute(query)]
    return {"counts": counts, "total": counts.get("red", 0) + counts.get("yellow", 0),
            "list": rows}


def _case(row, today: date, calendar: Calendar) -> dict:
    (case_no, kind, status, applicant_type, applicant, due, item, window_no,
     warning, escalated) = row
    days_left, remaining = remaining_text(warning, kind, due, today, calendar)
    return {"case_no": case_no, "item": item, "window": window_no,
            "applicant": applicant if applicant_type == "org" else mask_name(applicant),
            "kind_label": "即办件" if kind == "immediate" else "承诺件",
            "paused": status == "suspended", "due_date": due.isoformat() if due else None,
            "warning": warning, "warning_label": WARNING_LABELS.get(warning, warning),
            "escalated": bool(escalated), "days_left": days_left, "remaining": remaining}


def remaining_text(warning: str, kind: str, due: date | None, today: date,
                   calendar: Calendar) -> tuple[int | None, str]:
    """Working days left (negative when overdue) and the same in words."""
    if due is None:
        return None, WARNING_LABELS.get(warning, "")
    try:
        if warning == "red":
            over = calendar.workdays_between(due, today)
            if kind == "immediate" or not over:
                return -over, "已超期（当日未办结）" if kind == "immediate" else "已超期"
            return -over, f"已超期 {over} 个工作日"
        left = calendar.workdays_between(today, due)
    except CalendarMissing as missing:
        return None, f"{WARNING_LABELS.get(warning, '')}（{missing.year}年日历未录入）"
    return left, "今日到期" if left == 0 else f"剩 {left} 个工作日"


def closed_today(day_begins: datetime) -> dict:
    """Cases closed since the day began, and 按期办结率: on time ÷ closed, withdrawn cases
    left out of both. The WHERE names closed_at alone, so that its index is the one used
    (with `status = 'closed'` beside it SQLite would take the status index and scan)."""
    is_closed = Case.status == "closed"
    is_counted = and_(is_closed, Case.result != "withdrawn")
    closed, counted, on_time = db.session.execute(
        select(func.count().filter(is_closed), func.count().filter(is_counted),
               func.count().filter(and_(is_counted, Case.closed_on_time.is_(True))))
        .where(Case.closed_at >= day_begins)).one()
    return {"cases_closed": closed, "cases_on_time": on_time,
            "on_time_rate": round(on_time / counted, 4) if counted else None}


# --- follow-ups --------------------------------------------------------------------------

def _late(today: date):
    return or_(and_(FollowUp.status == "open", FollowUp.callback_due < today),
               FollowUp.fix_due < today)


def follow_ups(today: date, limit: int = LIST_LIMIT) -> dict:
    """Open 差评 follow-ups, overdue ones first, then by the call-back deadline."""
    still_open = FollowUp.status.in_(FOLLOW_UP_OPEN)
    total, overdue = db.session.execute(
        select(func.count(), func.count().filter(_late(today)))
        .select_from(FollowUp).where(still_open)).one()
    query = (select(FollowUp, Rating, Window.no, User.name, User.staff_no, User.username)
             .join(Rating, Rating.id == FollowUp.rating_id)
             .outerjoin(Window, Window.id == Rating.window_id)
             .outerjoin(User, User.id == Rating.staff_id)
             .where(still_open)
             .order_by(when((_late(today), 0), else_=1), FollowUp.callback_due.is_(None),
                       FollowUp.callback_due, FollowUp.id)
             .limit(limit))
    rows = [_follow_up(*row, today) for row in db.session.execute(query)]
    return {"total": total, "overdue": overdue, "list": rows}


def _follow_up(follow_up: FollowUp, rating: Rating, window_no, name, staff_no, username,
               today: date) -> dict:
    late_call, late_fix = follow_up.callback_overdue(today), follow_up.fix_overdue(today)
    return {"id": follow_up.id, "level": rating.level, "level_label": rating.level_label,
            "reasons": rating.reason_list, "rated_at": iso(rating.created_at),
            "window": window_no, "staff": person_label(name, staff_no, username) or None,
            "status": follow_up.status, "status_label": follow_up.status_label,
            "callback_due": _day(follow_up.callback_due), "fix_due": _day(follow_up.fix_due),
            "callback_overdue": late_call, "fix_overdue": late_fix,
            "overdue": late_call or late_fix,
            "calendar_missing_year": follow_up.calendar_missing_year}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- the calendar ------------------------------------------------------------------------

def calendar_state(today: date, calendar: Calendar) -> dict:
    """Years without a schedule: this one, the next from November, and any year an open
    case's or follow-up's deadline runs into."""
    # A case waiting for a year has a provisional due date, or none at all (a case whose
    # 法定 date alone reaches the year is recounted too, but its promise is firm).
    cases_waiting = _years_waiting(Case.calendar_missing_year, and_(
        Case.status.in_(OPEN), or_(Case.due_provisional.is_(True), Case.due_date.is_(None))))
    follow_waiting = _years_waiting(FollowUp.calendar_missing_year,
                                    FollowUp.status.in_(FOLLOW_UP_OPEN))
    wanted = {today.year} | ({today.year + 1} if today.month >= 11 else set())
    wanted |= set(cases_waiting) | set(follow_waiting)
    return {"year": today.year, "loaded_years": sorted(calendar.years),
            "missing_years": sorted(y for y in wanted if y not in calendar.years),
            "cases_waiting": {str(y): n for y, n in cases_waiting.items()},
            "follow_ups_waiting": {str(y): n for y, n in follow_waiting.items()}}


def _years_waiting(column, still_open) -> dict[int, int]:
    rows = db.session.execute(select(column, func.count())
                              .where(still_open, column.is_not(None)).group_by(column))
    return dict(rows.all())
