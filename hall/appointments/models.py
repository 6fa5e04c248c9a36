"""Appointments (预约办理, docs/rules.md §8): slot templates and exceptions per queue category,
the slots made from them, bookings, and the blocks that follow repeated no-shows.

The database keeps the rules that races could break: a slot's `booked` never passes its
`capacity` (CHECK), and one person holds at most one booked appointment per category (a
partial unique index).
"""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core.extensions import db
from hall.core.masking import mask_id, mask_name, mask_phone
from hall.core.types import UTCDateTime

APPOINTMENT_STATUSES = {
    "booked": "已预约",
    "checked_in": "已签到",
    "cancelled": "已取消",
    "no_show": "未到（爽约）",
}
ACTIVE_BOOKING = "status = 'booked'"


class SlotTemplate(db.Model):
    """A recurring slot of a category on one weekday (0 = Monday): start, end, places."""

    __tablename__ = "slot_template"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("start_time < end_time", name="times"),
        UniqueConstraint("category_id", "weekday", "start_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column()
    start_time: Mapped[str] = mapped_column(String(5))   # "HH:MM", hall local time
    end_time: Mapped[str] = mapped_column(String(5))
    capacity: Mapped[int] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)

    category = relationship("Category")

    def audit_dict(self) -> dict:
        return {"weekday": self.weekday, "start": self.start_time, "end": self.end_time,
                "capacity": self.capacity, "active": self.active}

    def __str__(self) -> str:
        return f"周{'一二三四五六日'[self.weekday]} {self.start_time}-{self.end_time}"


class SlotException(db.Model):
    """A date on which a category's slots differ: closed all day, or another capacity."""

    __tablename__ = "slot_exception"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity"),
        UniqueConstraint("category_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int | None] = mapped_column()   # places per slot that day (closed: None)
    label: Mapped[str] = mapped_column(String(40), default="")

    category = relationship("Category")

    def audit_dict(self) -> dict:
        return {"day": self.day.isoformat(), "closed": self.closed, "capacity": self.capacity,
                "label": self.label}

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.label}".strip()


class Slot(db.Model):
    """One bookable slot of a category on a date, made from the templates when first asked
    for. `booked` moves only by guarded UPDATEs; the CHECK keeps it within 0..capacity."""

    __tablename__ = "slot"
    __table_args__ = (
        CheckConstraint("booked >= 0 AND booked <= capacity", name="booked"),
        UniqueConstraint("category_id", "day", "start_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    capacity: Mapped[int] = mapped_column()
    booked: Mapped[int] = mapped_column(default=0, server_default="0")

    category = relationship("Category")

    @property
    def left(self) -> int:
        return max(0, self.capacity - self.booked)

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.start_time}-{self.end_time}"


class Appointment(db.Model):
    """A booking: who (name, 身份证号, mobile), which slot, its 预约码 and page token."""

    __tablename__ = "appointment"
    __table_args__ = (
        CheckConstraint("status IN ('booked', 'checked_in', 'cancelled', 'no_show')",
                        name="status"),
        # One booked appointment per person and category, however many requests race.
        Index("uq_appointment_active", "id_number", "category_id", unique=True,
              sqlite_where=text(ACTIVE_BOOKING), postgresql_where=text(ACTIVE_BOOKING)),
        Index("ix_appointment_day", "day", "category_id", "status"),
        Index("ix_appointment_id_number", "id_number", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)      # 预约码, typed at the kiosk
    token: Mapped[str] = mapped_column(String(32), unique=True)    # the booking page's key
    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    day: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str] = mapped_column(String(18))
    phone: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="booked")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    no_show_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))

    slot: Mapped[Slot] = relationship()
    category = relationship("Category")

    @property
    def status_label(self) -> str:
        return APPOINTMENT_STATUSES.get(self.status, self.status)

    def audit_dict(self) -> dict:
        """Masked: the audit log needs no plain 身份证号 to tell what happened."""
        return {"code": self.code, "slot_id": self.slot_id, "day": self.day.isoformat(),
                "name": mask_name(self.name), "id_number": mask_id(self.id_number),
                "phone": mask_phone(self.phone), "status": self.status,
                "ticket_id": self.ticket_id}

    def __str__(self) -> str:
        return f"预约码 {self.code}"


class NoShowBlock(db.Model):
    """A person (by 身份证号) who may not book until `until`, unless a manager lifts it."""

    __tablename__ = "no_show_block"
    __table_args__ = (Index("ix_no_show_block_id_number", "id_number", "until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(40), default="")
    no_shows: Mapped[int] = mapped_column(default=0)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by: Mapped[str] = mapped_column(String(40), default="")

    def in_force(self, now: datetime) -> bool:
        return self.lifted_at is None and self.until > now

    def audit_dict(self) -> dict:
        return {"id_number": mask_id(self.id_number), "no_shows": self.no_shows,
                "since": self.since, "until": self.until, "lifted_at": self.lifted_at,
                "lifted_by": self.lifted_by}

    def __str__(self) -> str:
        return f"预约限制 {mask_id(self.id_number)}"
