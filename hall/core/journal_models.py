"""The journal's tables: the audit entries chained by SHA-256 (each carries the hash of the
one before) and the event stream, each with the head row that orders its writers.

They live in the core because the one journal writer (hall/core/journal.py) is here and the
core imports nothing above itself; hall/audit/models.py and hall/events/models.py name them
for their domains.
"""
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db
from hall.core.types import UTCDateTime

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
        return chained_fields({name: getattr(self, name) for name in CHAINED})


# The columns an entry's hash covers, in the order they are inserted.
CHAINED = ("id", "created_at", "user_id", "username", "role", "address", "action",
           "object_type", "object_id", "object_label", "result", "before", "after",
           "prev_hash")


def chained_fields(values: dict) -> dict:
    """The hashed form of an entry's column values: created_at as ISO 8601 text."""
    fields = {name: values[name] for name in CHAINED}
    fields["created_at"] = values["created_at"].isoformat()
    return fields


class AuditHead(db.Model):
    """One row naming the last entry; writers update it first, which serialises them."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    prev_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH,
                                           server_default=GENESIS_HASH)


class Event(db.Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)


class EventHead(db.Model):
    __tablename__ = "event_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
