"""The manager's side of the outbox: what was delivered, what failed, and trying again."""
from datetime import datetime

from sqlalchemy import func, select, update

from hall.core.actor import Actor
from hall.core.errors import Conflict, NotFound
from hall.core.extensions import db
from hall.core.journal import record
from hall.notify.models import STATUSES, OutboxMessage

LATEST = 30
FAILURES = 50


def counts() -> dict[str, int]:
    """How many messages are in each state."""
    rows = db.session.execute(select(OutboxMessage.status, func.count())
                              .group_by(OutboxMessage.status)).all()
    return {status: 0 for status in STATUSES} | dict(rows)


def latest(limit: int = LATEST) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage)
                                   .order_by(OutboxMessage.id.desc()).limit(limit)))


def failures(limit: int = FAILURES) -> list[OutboxMessage]:
    """Messages the worker gave up on, newest first."""
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")
                                   .order_by(OutboxMessage.id.desc()).limit(limit)))


def retry(actor: Actor, message_id: int, now: datetime) -> OutboxMessage:
    """Give a failed message a fresh set of tries, due now; audited (number masked)."""
    message = db.session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None:
        raise NotFound("没有这条消息")
    if message.status != "failed":
        raise Conflict("这条消息不是发送失败状态，无需重发")
    before = {"status": message.status, "tries": message.tries, "last_error": message.last_error}
    message.status, message.tries, message.next_at = "pending", 0, now
    message.claim = message.lease_until = None
    record(actor, "notify.retry", message, before=before,
           after={"status": message.status, "tries": 0})
    return message


def retry_all_failed(actor: Actor, now: datetime) -> int:
    """After a long outage: every failed message gets a fresh set of tries; one audit entry
    with the count. Returns how many."""
    result = db.session.execute(update(OutboxMessage).where(OutboxMessage.status == "failed")
                                .values(status="pending", tries=0, next_at=now, claim=None,
                                        lease_until=None))
    count = result.rowcount or 0
    if count:
        record(actor, "notify.retry_all", label="发送失败的短信", after={"count": count})
    return count
