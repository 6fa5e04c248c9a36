"""Reading complaints: the public wall (masked) and the manager's filtered list."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hall.complaints.models import KINDS, STATUSES, Complaint
from hall.core import clock
from hall.core.extensions import db
from hall.core.masking import mask_name, mask_phone, scrub

WALL_PAGE_SIZE, MANAGE_PAGE_SIZE = 10, 20


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, the page number, how many pages and rows in all."""

    rows: list
    page: int
    pages: int
    total: int


def _page(query, page: int, size: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = db.session.scalars(query.options(selectinload(Complaint.window),
                                            selectinload(Complaint.department))
                              .order_by(Complaint.created_at.desc(), Complaint.id.desc())
                              .offset((page - 1) * size).limit(size)).all()
    return Page(list(rows), page, pages, total)


def wall(kind: str | None = None, page: int = 1, size: int = WALL_PAGE_SIZE) -> Page:
    """Answered, not withheld, newest first; rows are public_dict()s (masked)."""
    query = select(Complaint).where(Complaint.is_public.is_(True),
                                    Complaint.answered_at.is_not(None))
    if kind in KINDS:
        query = query.where(Complaint.kind == kind)
    found = _page(query, page, size)
    return Page([public_dict(c) for c in found.rows], found.page, found.pages, found.total)


def public_dict(complaint: Complaint) -> dict:
    """A complaint as anybody may see it: name 张*, phone masked, ID-like numbers masked."""
    window, department = complaint.window, complaint.department
    return {"id": complaint.id, "kind": complaint.kind, "kind_label": complaint.kind_label,
            "content": _masked(complaint.content, complaint.name),
            "name": mask_name(complaint.name),
            "phone": mask_phone(complaint.phone) if complaint.phone else "",
            "window": window.no if window else None,
            "window_name": window.name if window else "",
            "department": department.name if department else "",
            "created_at": _iso(complaint.created_at), "status": complaint.status,
            "status_label": complaint.status_label,
            "answer": _masked(complaint.answer, complaint.name),
            "answered_at": _iso(complaint.answered_at),
            "resolved": complaint.status == "resolved"}


def _masked(text: str, name: str) -> str:
    """Free text with ID and mobile numbers masked, and the writer's own name as 张*."""
    text = scrub(text)
    return text.replace(name, mask_name(name)) if len(name) > 1 else text


def _iso(moment) -> str | None:
    return clock.local(moment).isoformat(timespec="seconds") if moment else None


def manage(status: str | None = None, kind: str | None = None, overdue: bool = False,
           page: int = 1, today: date | None = None) -> Page:
    """The manager's list, filtered by state, kind and overdue; newest first."""
    query = select(Complaint)
    if status in STATUSES:
        query = query.where(Complaint.status == status)
    if kind in KINDS:
        query = query.where(Complaint.kind == kind)
    if overdue:
        query = query.where(Complaint.answered_at.is_(None),
                            Complaint.reply_due < (today or clock.today()))
    return _page(query, page, MANAGE_PAGE_SIZE)


def counts(today: date | None = None) -> dict:
    """How many complaints are in each state, and how many are overdue now."""
    rows = db.session.execute(select(Complaint.status, func.count())
                              .group_by(Complaint.status)).all()
    found = {status: 0 for status in STATUSES} | {status: n for status, n in rows}
    found["overdue"] = db.session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.answered_at.is_(None), Complaint.reply_due < (today or clock.today()))) or 0
    return found
