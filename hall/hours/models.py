"""The weekly schedule, special days and per-category ticketing rules.

Sessions are kept as text ("09:00-12:00,13:30-17:30"; empty: closed), as the manager writes
them; hall.hours.rules parses and checks them before they are stored.
"""
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db


class WeekdayHours(db.Model):
    """One weekday's sessions (0 = Monday). A weekday without a row has the default hours."""

    __tablename__ = "weekday_hours"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    weekday: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    sessions: Mapped[str] = mapped_column(String(120), default="")
    ticketing_from: Mapped[str | None] = mapped_column(String(5))

    def audit_dict(self) -> dict:
        return {"sessions": self.sessions, "ticketing_from": self.ticketing_from}


class SpecialDay(db.Model):
    """A date whose hours differ from its weekday's: 延时服务, 周末不打烊, 临时闭厅."""

    __tablename__ = "special_day"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sessions: Mapped[str] = mapped_column(String(120), default="")
    ticketing_from: Mapped[str | None] = mapped_column(String(5))
    label: Mapped[str] = mapped_column(String(40), default="")

    def audit_dict(self) -> dict:
        return {"sessions": self.sessions, "ticketing_from": self.ticketing_from,
                "label": self.label}

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.label}".strip()


class CategoryRule(db.Model):
    """A queue category's daily quota (0: none) and how early its ticketing stops."""

    __tablename__ = "category_rule"
    __table_args__ = (CheckConstraint("daily_quota >= 0", name="quota"),
                      CheckConstraint("stop_minutes >= 0", name="stop"))

    category_id: Mapped[int] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"), primary_key=True)
    daily_quota: Mapped[int] = mapped_column(default=0, server_default="0")
    stop_minutes: Mapped[int] = mapped_column(default=0, server_default="0")

    def audit_dict(self) -> dict:
        return {"daily_quota": self.daily_quota, "stop_minutes": self.stop_minutes}
