"""Queue categories (业务类型): each has its own prefix letter and daily sequence."""
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, String, Table, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core.extensions import db
from hall.core.types import UTCDateTime
from hall.items.models import Item
from hall.queue import line_triggers

category_item = Table(
    "category_item", db.metadata,
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
)


class Category(db.Model):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    prefix: Mapped[str] = mapped_column(String(1), unique=True)
    description: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    items: Mapped[list[Item]] = relationship(secondary=category_item, order_by="Item.code")

    def audit_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "prefix": self.prefix,
                "description": self.description, "active": self.is_active,
                "items": sorted(item.code for item in self.items)}

    def __str__(self) -> str:
        return f"{self.prefix} {self.name}"


TICKET_STATUSES = {
    "waiting": "等候中",
    "called": "已叫号",
    "serving": "办理中",
    "done": "已办结",
    "no_show": "过号",
    "cancelled": "已取消",
}


class TicketCounter(db.Model):
    """A category's day: the last number issued and the line's length; its row lock orders
    issuing.

    `waiting` is kept by database triggers on `ticket` (hall/queue/line_triggers.py, created
    by migration 0010), whatever writes the tickets, so a new ticket learns how many are
    ahead of it from the same UPDATE that numbers it instead of counting the line.
    `last_queued_at` is the queue time given to the last ticket issued: a kiosk whose press
    came a moment earlier but that got the lock later still queues after the ticket numbered
    before it.
    """

    __tablename__ = "ticket_counter"

    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    waiting: Mapped[int] = mapped_column(default=0, server_default="0",
                                         info={"kept_by_triggers": line_triggers.NAMES})
    last_queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Ticket(db.Model):
    __tablename__ = "ticket"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The line the ticket waits in; a transfer may change it, the number never changes.
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    issued_category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column()
    number: Mapped[str] = mapped_column(String(8))
    token: Mapped[str] = mapped_column(String(32), unique=True)
    priority: Mapped[bool] = mapped_column(default=False)
    # Calling order: rank first (4 for green channel, 2 for a booked appointment, +1 for a
    # transfer to the front), then queued_at.
    rank: Mapped[int] = mapped_column(default=0)
    # The 预约码 of the booking checked in with this ticket (hall/appointments).
    appointment_code: Mapped[str | None] = mapped_column(String(12))
    # A mobile number the citizen left for "your turn is near" messages (masked everywhere).
    phone: Mapped[str | None] = mapped_column(String(20))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk.id", ondelete="SET NULL"))
    target_window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id", ondelete="SET NULL"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # The department the reports count it for (hall/queue/attribution.py gives the rule),
    # and the item of its first case.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"))
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recalls: Mapped[int] = mapped_column(default=0)
    requeues: Mapped[int] = mapped_column(default=0)

    category: Mapped[Category] = relationship(foreign_keys=[category_id])

    __table_args__ = (
        UniqueConstraint("issued_category_id", "day", "seq"),
        Index("ix_ticket_waiting", "day", "status", "category_id", "rank", "queued_at"),
        # Only tickets at a window: a new ticket (waiting, at no window) skips this index.
        Index("ix_ticket_window", "window_id", "status",
              sqlite_where=text("window_id IS NOT NULL"),
              postgresql_where=text("window_id IS NOT NULL")),
        # A window holds at most one called or serving ticket, whoever writes the tickets.
        Index("uq_ticket_window_active", "window_id", unique=True,
              sqlite_where=text("status IN ('called', 'serving')"),
              postgresql_where=text("status IN ('called', 'serving')")),
    )

    @property
    def status_label(self) -> str:
        return TICKET_STATUSES.get(self.status, self.status)

    def audit_dict(self) -> dict:
        values = {"number": self.number, "status": self.status, "priority": self.priority,
                  "window_id": self.window_id, "staff_id": self.staff_id,
                  "category_id": self.category_id, "requeues": self.requeues}
        if self.appointment_code:
            values["appointment"] = self.appointment_code
        return values

    def __str__(self) -> str:
        return self.number


class Kiosk(db.Model):
    """A registered self-service terminal; staff can open its green channel for a while."""

    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    green_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    green_opened_by: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The one-time registration link (its SHA-256) and when it stops working.
    link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def green_open(self, now: datetime) -> bool:
        return self.green_until is not None and self.green_until > now

    def audit_dict(self) -> dict:
        return {"name": self.name, "green_until": self.green_until,
                "green_opened_by": self.green_opened_by, "link_expires_at": self.link_expires_at}

    def __str__(self) -> str:
        return self.name
