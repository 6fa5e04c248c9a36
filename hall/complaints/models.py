"""A complaint, suggestion or praise from a citizen, its answer and its reply deadline."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core import clock
from hall.core.extensions import db
from hall.core.masking import mask_name, mask_phone
from hall.core.types import UTCDateTime
from hall.items.models import Department
from hall.windows.models import Window

KINDS = {"complaint": "投诉", "suggestion": "建议", "praise": "表扬"}
STATUSES = {"open": "待回复", "answered": "已回复", "resolved": "已解决"}
CHANNELS = {"kiosk": "自助终端", "phone": "手机", "api": "接口"}


class Complaint(db.Model):
    __tablename__ = "complaint"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    content: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    window_id: Mapped[int | None] = mapped_column(
        ForeignKey("window.id", ondelete="SET NULL"), index=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True)
    case_no: Mapped[str] = mapped_column(String(24), default="")
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reply_due: Mapped[date | None] = mapped_column(Date)
    calendar_missing_year: Mapped[int | None] = mapped_column()
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by: Mapped[str] = mapped_column(String(40), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str] = mapped_column(String(40), default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    withhold_reason: Mapped[str] = mapped_column(String(200), default="")

    window: Mapped[Window | None] = relationship()
    department: Mapped[Department | None] = relationship()

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def channel_label(self) -> str:
        return CHANNELS.get(self.channel, self.channel)

    @property
    def on_wall(self) -> bool:
        """Shown on the public wall: answered, and not withheld by the manager."""
        return self.is_public and self.answered_at is not None

    def is_overdue(self, today: date) -> bool:
        """Still unanswered after its reply deadline."""
        return self.answered_at is None and self.reply_due is not None and today > self.reply_due

    @property
    def answered_late(self) -> bool:
        """Answered, but on a (hall-local) date after its reply deadline."""
        return (self.answered_at is not None and self.reply_due is not None
                and clock.local(self.answered_at).date() > self.reply_due)

    def audit_dict(self) -> dict:
        """No personal data in the log: masked name and phone, the text's length only."""
        return {"kind": self.kind, "channel": self.channel, "status": self.status,
                "window_id": self.window_id, "department_id": self.department_id,
                "case_no": self.case_no, "name": mask_name(self.name),
                "phone": mask_phone(self.phone), "content_chars": len(self.content or ""),
                "answer_chars": len(self.answer or ""), "reply_due": self.reply_due,
                "calendar_missing_year": self.calendar_missing_year,
                "is_public": self.is_public, "withhold_reason": self.withhold_reason}

    def __str__(self) -> str:
        return f"{self.kind_label}#{self.id}"
