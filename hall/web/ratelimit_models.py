"""Rate-limit counters: one row per key and fixed time window."""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db
from hall.core.types import UTCDateTime


class RateHit(db.Model):
    """Hits on one key in one window; the primary key makes the upsert-increment atomic."""

    __tablename__ = "rate_hit"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True, index=True)
    count: Mapped[int] = mapped_column(default=0)
