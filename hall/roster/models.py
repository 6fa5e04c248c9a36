"""带班领导: the official who leads the hall on one date."""
from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db
from hall.core.masking import mask_phone
from hall.core.types import UTCDateTime


class DutyLeader(db.Model):
    __tablename__ = "duty_leader"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str] = mapped_column(String(40), default="")

    @property
    def label(self) -> str:
        """王建国（副主任）, or the name alone."""
        return f"{self.name}（{self.title}）" if self.title else self.name

    def public_dict(self) -> dict:
        """What the lobby may show: the name and title, never the phone."""
        return {"name": self.name, "title": self.title}

    def audit_dict(self) -> dict:
        return {"day": self.day, "name": self.name, "title": self.title,
                "phone": mask_phone(self.phone) if self.phone else ""}

    def __str__(self) -> str:
        return f"带班领导 {self.day.isoformat()}"
