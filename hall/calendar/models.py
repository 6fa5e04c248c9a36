"""The hall's calendar: exceptional days, and the years whose schedule is loaded."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, String
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db
from hall.core.types import UTCDateTime

KINDS = {"holiday": "放假", "workday": "调休上班"}
SOURCES = {"chinesecalendar": "chinesecalendar 软件包", "csv": "CSV 导入", "manual": "手工录入"}


class CalendarDay(db.Model):
    """A day that differs from the plain week: a holiday, or a weekend made a working day."""

    __tablename__ = "calendar_day"
    __table_args__ = (CheckConstraint("kind IN ('holiday', 'workday')", name="kind"),)

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(40), default="")

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def audit_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name}

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.name or self.kind_label}"


class CalendarYear(db.Model):
    """A year whose holiday schedule the hall has: only these years count deadlines."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(20))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    loaded_by: Mapped[str] = mapped_column(String(40))

    @property
    def source_label(self) -> str:
        return SOURCES.get(self.source, self.source)

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"
