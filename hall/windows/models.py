"""Numbered counters, what they serve and who sits at them."""
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core.extensions import db
from hall.items.models import Department
from hall.web.input_guard import bounded

if TYPE_CHECKING:   # the accounts sit above the windows they are seated at
    from hall.auth.models import User

WINDOW_KINDS = {
    "comprehensive": "综合受理",
    "professional": "专业窗口",
    "fee": "收费/资金代收",
    "consult": "咨询导办",
    "green": "绿色通道/帮办代办",
}

WINDOW_STATUSES = {"open": "开放", "paused": "暂停", "closed": "关闭"}

window_department = Table(
    "window_department", db.metadata,
    Column("window_id", ForeignKey("window.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id", ondelete="CASCADE"), primary_key=True),
)

window_category = Table(
    "window_category", db.metadata,
    Column("window_id", ForeignKey("window.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
)


class Window(db.Model):
    __tablename__ = "window"

    id: Mapped[int] = mapped_column(primary_key=True)
    no: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20), default="comprehensive")
    status: Mapped[str] = mapped_column(String(10), default="closed")
    staff_a_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    staff_b_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    departments: Mapped[list[Department]] = relationship(
        secondary=window_department, order_by="Department.sort_order, Department.code")
    # by name: the queue (Category) and the accounts (User) sit above the windows
    categories: Mapped[list["Category"]] = relationship(  # noqa: F821
        secondary=window_category, order_by="Category.sort_order, Category.code")
    staff_a: Mapped["User | None"] = relationship(foreign_keys=[staff_a_id])
    staff_b: Mapped["User | None"] = relationship(foreign_keys=[staff_b_id])

    @property
    def kind_label(self) -> str:
        return WINDOW_KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return WINDOW_STATUSES.get(self.status, self.status)

    def is_staffed_by(self, user) -> bool:
        return getattr(user, "id", None) is not None and user.id in (self.staff_a_id, self.staff_b_id)

    def can_operate(self, user) -> bool:
        """Its own A or B staff member, or a hall manager, may act at a window."""
        from hall.core.roles import Permission
        return user.can(Permission.MANAGE_HALL) or (
            user.can(Permission.SERVE_WINDOW) and self.is_staffed_by(user))

    def audit_dict(self) -> dict:
        return {"no": self.no, "name": self.name, "kind": self.kind, "status": self.status,
                "departments": [d.code for d in self.departments],
                "categories": [c.code for c in self.categories],
                "staff_a": self.staff_a.username if self.staff_a else None,
                "staff_b": self.staff_b.username if self.staff_b else None}

    def __str__(self) -> str:
        return f"{self.no}号窗口"


def window_by_no(no) -> Window | None:
    """The window with this number, or None."""
    if not isinstance(no, int) or bounded(no) is None:
        return None
    return db.session.scalar(select(Window).where(Window.no == no))


def windows_of(user) -> list[Window]:
    """The windows where a user is the primary or the backup staff member."""
    query = select(Window).where(or_(Window.staff_a_id == user.id, Window.staff_b_id == user.id))
    return list(db.session.scalars(query.order_by(Window.no)))
