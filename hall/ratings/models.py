"""A rating of one service (a ticket or a case) and the follow-up of a 差评."""
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.core.extensions import db
from hall.core.types import UTCDateTime

if TYPE_CHECKING:
    from hall.windows.models import Window

LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
REASONS = ("等候时间长", "服务态度差", "一次性告知不清", "材料要求不明", "办理效率低", "其他")
CHANNELS = {"evaluator": "窗口评价器", "qr": "扫码评价", "kiosk": "自助终端"}
FOLLOWUP_STATUSES = {"open": "待回访", "called_back": "已回访，待整改", "closed": "已办结"}
BAD_LEVEL = 2          # 差评: 不满意 and 非常不满意
SATISFIED_LEVEL = 4    # 满意 and 非常满意


class Rating(db.Model):
    __tablename__ = "rating"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id"), unique=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case.id"), unique=True)
    level: Mapped[int] = mapped_column()
    reasons: Mapped[str] = mapped_column(String(200), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(10))
    window_id: Mapped[int | None] = mapped_column(
        ForeignKey("window.id", ondelete="SET NULL"), index=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True)
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("item.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    follow_up: Mapped["FollowUp | None"] = relationship(back_populates="rating")

    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
        CheckConstraint("(ticket_id IS NULL) <> (case_id IS NULL)", name="one_subject"),
    )

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, str(self.level))

    @property
    def is_bad(self) -> bool:
        return self.level <= BAD_LEVEL

    @property
    def reason_list(self) -> list[str]:
        return [r for r in self.reasons.split("、") if r]

    def audit_dict(self) -> dict:
        """No personal data: the level, the reasons, where, and the comment's length only."""
        return {"level": self.level, "reasons": self.reason_list, "channel": self.channel,
                "ticket_id": self.ticket_id, "case_id": self.case_id,
                "window_id": self.window_id, "staff_id": self.staff_id,
                "comment_chars": len(self.comment or "")}

    def __str__(self) -> str:
        return f"评价#{self.id}"


class FollowUp(db.Model):
    """回访 and 整改 of one 差评, with their working-day deadlines."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id", ondelete="CASCADE"),
                                           unique=True)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    callback_due: Mapped[date | None] = mapped_column(Date)
    fix_due: Mapped[date | None] = mapped_column(Date)
    calendar_missing_year: Mapped[int | None] = mapped_column()
    callback_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    callback_note: Mapped[str] = mapped_column(Text, default="")
    callback_by: Mapped[str] = mapped_column(String(40), default="")
    result_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    result_note: Mapped[str] = mapped_column(Text, default="")
    result_by: Mapped[str] = mapped_column(String(40), default="")

    rating: Mapped[Rating] = relationship(back_populates="follow_up")

    @property
    def status_label(self) -> str:
        return FOLLOWUP_STATUSES.get(self.status, self.status)

    def callback_overdue(self, today: date) -> bool:
        return self.status == "open" and self.callback_due is not None and today > self.callback_due

    def fix_overdue(self, today: date) -> bool:
        return self.status != "closed" and self.fix_due is not None and today > self.fix_due

    def audit_dict(self) -> dict:
        return {"rating_id": self.rating_id, "status": self.status,
                "callback_due": self.callback_due, "fix_due": self.fix_due,
                "calendar_missing_year": self.calendar_missing_year,
                "callback_by": self.callback_by, "result_by": self.result_by}

    def __str__(self) -> str:
        return f"差评回访#{self.id}"


class EvaluatorDevice(db.Model):
    """A registered evaluator tablet, bound to one window (like a kiosk)."""

    __tablename__ = "evaluator_device"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("window.id", ondelete="CASCADE"),
                                           unique=True)
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    window: Mapped["Window"] = relationship()

    def audit_dict(self) -> dict:
        return {"name": self.name, "window_id": self.window_id,
                "enrolled_at": self.enrolled_at, "link_expires_at": self.link_expires_at}

    def __str__(self) -> str:
        return self.name


class RatingKey(db.Model):
    """The one-time key that lets a window's tablet rate one finished service.

    Only its SHA-256 is looked up; the key itself is derived from `nonce` with the
    application's SECRET_KEY, so the tablet can fetch it again after a reload and a copy of
    the database alone rates nothing. `used_at` is set in the statement that consumes it.
    """

    __tablename__ = "rating_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("window.id", ondelete="CASCADE"),
                                           index=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket.id", ondelete="CASCADE"), unique=True)
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case.id", ondelete="CASCADE"), unique=True)
    nonce: Mapped[str] = mapped_column(String(32))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        CheckConstraint("(ticket_id IS NULL) <> (case_id IS NULL)", name="one_subject"),
    )
