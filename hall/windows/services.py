"""Operations on windows: create, change, staff them, open and close."""
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.journal import record
from hall.items.models import Department
from hall.windows.models import WINDOW_KINDS, WINDOW_STATUSES, Window

if TYPE_CHECKING:   # the accounts sit above the windows they are seated at
    from hall.auth.models import User


def find_window(no) -> Window:
    """The window with this number, or a 404 DomainError in Chinese."""
    from hall.core.errors import NotFound
    from hall.windows.models import window_by_no
    window = window_by_no(no)
    if window is None:
        raise NotFound(f"{no}号窗口不存在")
    return window


def window_errors(data: dict, own_id: int | None) -> dict:
    errors = {}
    clash = select(func.count()).select_from(Window).where(Window.no == data["no"])
    if own_id is not None:
        clash = clash.where(Window.id != own_id)
    if db.session.scalar(clash):
        errors["no"] = "窗口号已存在"
    if data["kind"] not in WINDOW_KINDS:
        errors["kind"] = "窗口类型不正确"
    if data["status"] not in WINDOW_STATUSES:
        errors["status"] = "窗口状态不正确"
    errors.update(_staff_errors(data.get("staff_a_id"), data.get("staff_b_id")))
    return errors


def _staff_errors(a_id, b_id) -> dict:
    errors = {}
    for field, user_id in (("staff_a_id", a_id), ("staff_b_id", b_id)):
        user = db.session.get(_account_class(), user_id) if user_id else None
        if user_id and (user is None or user.role != "staff"):
            errors[field] = "只能指定窗口工作人员"
    if a_id and a_id == b_id:
        errors["staff_b_id"] = "A岗与B岗不能是同一人"
    return errors


def save_window(actor: Actor, data: dict, department_ids: list[int], category_ids: list[int],
                window: Window | None = None) -> Window:
    """Create or change a window with the departments and categories it serves."""
    errors = window_errors(data, window.id if window else None)
    if errors:
        raise DomainError(next(iter(errors.values())), fields=errors)
    before = window.audit_dict() if window else None
    window = window or Window()
    for field in ("no", "name", "kind", "status"):
        setattr(window, field, data[field])
    window.staff_a_id = data.get("staff_a_id") or None
    window.staff_b_id = data.get("staff_b_id") or None
    window.departments = _by_ids(Department, department_ids)
    # the queue's categories, named through the relationship: this domain sits below the queue
    window.categories = _by_ids(Window.categories.property.mapper.class_, category_ids)
    db.session.add(window)
    db.session.flush()
    db.session.refresh(window)
    record(actor, "window.update" if before else "window.create", window,
           before=before, after=window.audit_dict())
    return window


def _by_ids(model, ids) -> list:
    return list(db.session.scalars(select(model).where(model.id.in_(ids or []))))


def assign_staff(actor: Actor, window: Window, user: "User") -> str:
    """Seat a staff member: primary (A) when free, else backup (B); returns which."""
    if window.is_staffed_by(user):
        return "A" if window.staff_a_id == user.id else "B"
    if user.role != "staff":
        raise DomainError("只有窗口工作人员可以分配到窗口")
    before = window.audit_dict()
    if window.staff_a_id is None:
        window.staff_a_id, post = user.id, "A"
    elif window.staff_b_id is None:
        window.staff_b_id, post = user.id, "B"
    else:
        raise DomainError(f"{window.no}号窗口的A岗和B岗都已有人")
    db.session.flush()
    db.session.refresh(window)
    record(actor, "window.assign_staff", window, before=before, after=window.audit_dict())
    return post


def delete_window(actor: Actor, window: Window) -> None:
    before = window.audit_dict()
    db.session.delete(window)
    db.session.flush()
    record(actor, "window.delete", label=f"{before['no']}号窗口", before=before)


def set_user_windows(actor: Actor, user: "User", window_ids: list[int]) -> None:
    """Seat a staff member at exactly these windows (A when free, else B)."""
    wanted = set(window_ids or [])
    for window in db.session.scalars(select(Window).order_by(Window.no)):
        if window.id in wanted:
            assign_staff(actor, window, user)
        elif window.is_staffed_by(user):
            _unseat(actor, window, user)


def _unseat(actor: Actor, window: Window, user: "User") -> None:
    before = window.audit_dict()
    if window.staff_a_id == user.id:
        window.staff_a_id = None
    if window.staff_b_id == user.id:
        window.staff_b_id = None
    db.session.flush()
    db.session.refresh(window)
    record(actor, "window.unassign_staff", window, before=before, after=window.audit_dict())


def set_status(window: Window, status, actor: Actor, now) -> Window:
    """Open, pause or close a window; its own staff or a manager may."""
    from hall.core.errors import Forbidden
    from hall.events.services import publish
    if status not in WINDOW_STATUSES:
        raise DomainError("窗口状态须为 open、paused 或 closed", fields={"status": "状态不正确"})
    if actor.user is None or not window.can_operate(actor.user):
        raise Forbidden("您不是该窗口的工作人员", code="not_your_window")
    before = window.audit_dict()
    window.status = status
    db.session.flush()
    record(actor, "window.status", window, before=before,
           after=window.audit_dict())
    publish("window.changed", {"no": window.no, "name": window.name, "status": status,
                               "staff": actor.user.display_name}, now)
    return window


def _account_class():
    """The account model, through the seat's relationship (the accounts sit above windows)."""
    return Window.staff_a.property.mapper.class_
