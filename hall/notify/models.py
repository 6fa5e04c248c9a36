"""The outbox: one row per message to send, written in the same transaction as its cause.

A row's `key` names the event it tells of (a booking confirmed, a ticket called), so the same
event is never queued twice. The worker moves a row from pending to sending (a lease, so a
crashed worker's rows are taken up again) and on to sent, or back to pending with a later
`next_at` after a failed try, or to failed once it has used its tries.
"""
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hall.core.extensions import db
from hall.core.masking import mask_phone, scrub
from hall.core.types import UTCDateTime

KINDS = {
    "booking_confirmed": "预约成功",
    "booking_reminder": "预约提醒",
    "ticket_ahead": "即将叫号",
    "ticket_called": "叫号",
    "case_closed": "办结",
    "case_supplement": "补正",
}
STATUSES = {"pending": "待发送", "sending": "发送中", "sent": "已送达", "failed": "发送失败"}
KEY_LENGTH = 120
ERROR_LENGTH = 200


class OutboxMessage(db.Model):
    __tablename__ = "outbox_message"
    # The worker's claim reads due rows in order of next_at.
    __table_args__ = (Index("ix_outbox_message_status_next_at", "status", "next_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    phone: Mapped[str] = mapped_column(String(20), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    tries: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str] = mapped_column(String(ERROR_LENGTH), default="")

    def __str__(self) -> str:
        """The audit label: the kind and the masked number, never the number itself."""
        return f"短信 #{self.id}（{self.kind_label}，{self.masked_phone}）"

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_text(self) -> str:
        """The text with any 身份证号 or mobile number in it masked."""
        return scrub(self.text)
