"""Reading cases: lists with their warning colour, public views, and the figures."""
from datetime import date, datetime, timedelta

from sqlalchemy import Integer, and_, cast, func, or_, select

from hall.cases import deadlines
from hall.cases.models import OPEN_STATUSES, Case
from hall.core import clock
from hall.core.extensions import db
from hall.core.masking import mask_id, mask_name, mask_phone
from hall.items.models import Department, Item


def warning_columns(now: datetime):
    """(colour, escalated) SQL expressions for `now`, computed in the query for every row."""
    today = clock.local(now).date()
    return (deadlines.warning_expression(today, deadlines.after_closing_time(now)),
            deadlines.escalated_expression(today))


def case_list(now: datetime, *, windows: list[int] | None = None, warning: str = "",
              status: str = "", item: str = "", start: date | None = None,
              end: date | None = None, limit: int = 200):
    """Cases with their colour, newest first, filtered; `windows` limits staff to theirs."""
    colour, escalated = warning_columns(now)
    query = select(Case, colour.label("warning"), escalated.label("escalated")).join(Case.item)
    if windows is not None:
        query = query.where(Case.window_id.in_(windows))
    if status == "open":
        query = query.where(Case.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Case.status == status)
    if warning:
        query = query.where(Case.status.in_(OPEN_STATUSES), colour == warning)
    if item:
        query = query.where(Item.code == item)
    zone = clock.hall_zone()
    if start:
        query = query.where(Case.created_at >= datetime.combine(start, datetime.min.time(), zone))
    if end:
        query = query.where(Case.created_at < datetime.combine(end + timedelta(days=1),
                                                               datetime.min.time(), zone))
    return db.session.execute(query.order_by(Case.id.desc()).limit(limit)).all()


def warning_counts(now: datetime) -> dict[str, int]:
    """Open cases by colour, in one grouped query."""
    colour, _ = warning_columns(now)
    rows = db.session.execute(select(colour, func.count()).where(
        Case.status.in_(OPEN_STATUSES)).group_by(colour))
    counts = {"green": 0, "yellow": 0, "red": 0, "unknown": 0}
    counts.update(dict(rows.all()))
    return counts


def masked_applicant(case: Case) -> str:
    """Organisations in full, people as 张*."""
    return case.applicant_name if case.applicant_type == "org" else mask_name(case.applicant_name)


def public_view(case: Case) -> dict:
    """What anybody may see of a case (docs/rules.md §5)."""
    return {"case_no": case.case_no, "item": case.item.name,
            "department": case.item.department.name, "kind": case.kind,
            "applicant": masked_applicant(case),
            "id_number": mask_id(case.id_number), "phone": mask_phone(case.phone),
            "status": case.status, "status_label": case.status_label, "result": case.result,
            "accepted_at": clock.local(case.accepted_at).isoformat() if case.accepted_at else None,
            "due_date": case.due_date.isoformat() if case.due_date else None,
            "calendar_missing_year": case.calendar_missing_year,
            "provisional": case.due_provisional,
            "closed_at": clock.local(case.closed_at).isoformat() if case.closed_at else None,
            "timeline": [{"at": clock.local(e.at).isoformat(), "title": e.title}
                         for e in case.events if e.public]}


def figures(start: datetime | None = None, end: datetime | None = None, group_by=None,
            now: datetime | None = None):
    """办结率, 按期办结率, 提前办结率 and working days used against the promise.

    One query for every caller: the whole hall (group_by=None), or per item, department or
    window (group_by = Item.id, Department.id or Case.window_id). Rates are fractions.
    With `now`, also `overdue`: cases closed late or still open and red at `now`.
    """
    accepted = Case.accepted_at.is_not(None)
    closed = and_(Case.status == "closed", Case.result != "withdrawn")
    promised_closed = and_(closed, Case.kind == "promised")
    columns = [
        func.count(Case.id).filter(accepted).label("accepted"),
        func.count(Case.id).filter(closed).label("closed"),
        func.count(Case.id).filter(and_(closed, Case.closed_on_time.is_(True))).label("on_time"),
        func.count(Case.id).filter(promised_closed).label("promised_closed"),
        func.count(Case.id).filter(and_(promised_closed, Case.closed_early.is_(True))).label("early"),
        func.avg(cast(Case.workdays_used, Integer)).filter(promised_closed).label("days_used"),
        func.avg(Case.promised_days).filter(promised_closed).label("days_promised"),
    ]
    if now is not None:
        columns.append(func.count(Case.id).filter(overdue_condition(now)).label("overdue"))
    query = select(*columns).select_from(Case).join(Case.item).join(Item.department)
    if start is not None:
        query = query.where(Case.created_at >= start)
    if end is not None:
        query = query.where(Case.created_at < end)
    if group_by is not None:
        query = query.add_columns(group_by.label("key")).group_by(group_by)
    return [_rates(row._mapping) for row in db.session.execute(query)]


def _rates(row) -> dict:
    def share(part, whole):
        return round(row[part] / row[whole], 4) if row[whole] else None
    result = {k: row[k] for k in ("accepted", "closed", "on_time", "promised_closed", "early")}
    result.update(closed_rate=share("closed", "accepted"), on_time_rate=share("on_time", "closed"),
                  early_rate=share("early", "promised_closed"),
                  days_used=_round(row["days_used"]), days_promised=_round(row["days_promised"]))
    for extra in ("key", "overdue"):
        if extra in row:
            result[extra] = row[extra]
    return result


def overdue_condition(now: datetime):
    """超期: closed (not withdrawn) after the deadline, or still open and red at `now`."""
    colour, _ = warning_columns(now)
    return or_(and_(Case.status == "closed", Case.result != "withdrawn",
                    Case.closed_on_time.is_(False)),
               and_(Case.status.in_(OPEN_STATUSES), colour == "red"))


def _round(value):
    return None if value is None else round(float(value), 2)


GROUPS = {"item": Item.id, "department": Department.id, "window": Case.window_id}
