"""Settings as key/value rows; values are JSON so every type survives both engines."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db


class Setting(db.Model):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
