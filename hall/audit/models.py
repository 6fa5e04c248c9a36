"""Audit entries chained by SHA-256: each carries the hash of the one before."""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime

GENESIS_HASH = "0" * 64


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_id: Mapped[int | None] = mapped_column()
    username: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(16), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[str] = mapped_column(String(60), default="")
    object_label: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str] = mapped_column(String(20), default="ok")
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def chained_fields(self) -> dict:
        """What the hash covers: every field but the hash itself."""
        return {
            "id": self.id, "created_at": self.created_at.isoformat(),
            "user_id": self.user_id, "username": self.username, "role": self.role,
            "address": self.address, "action": self.action,
            "object_type": self.object_type, "object_id": self.object_id,
            "object_label": self.object_label, "result": self.result,
            "before": self.before, "after": self.after, "prev_hash": self.prev_hash,
        }


    def chained_fields_for_insert(self) -> dict:
        """The column values to insert, as stored (created_at as a datetime)."""
        values = self.chained_fields()
        values["created_at"] = self.created_at
        return values


class AuditHead(db.Model):
    """One row naming the last entry; writers update it first, which serialises them."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    prev_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH,
                                           server_default=GENESIS_HASH)
