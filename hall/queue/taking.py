"""Taking a ticket: the one policy the kiosk page and POST /api/v1/tickets both apply.

Who may take what: any line by its code; a priority (green-channel) ticket from a kiosk
whose green channel is open, or from staff; within the per-kiosk (else per-address)
allowance. The caller then issues the ticket (hall/queue/issuing.py).
"""
from datetime import datetime

from hall.core.actor import Actor
from hall.core.errors import DomainError, Forbidden
from hall.core.roles import Permission, permissions_of
from hall.queue import issuing
from hall.queue.kiosks import ticket_allowance
from hall.queue.models import Kiosk

STAFF = Permission.SERVE_WINDOW | Permission.MANAGE_HALL


class TooManyTickets(DomainError):
    """The kiosk (or address) took its allowance; the hit is counted, so commit it."""

    status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int):
        super().__init__("取号过于频繁，请稍后再试")
        self.retry_after = retry_after


def may_issue_priority(kiosk: Kiosk | None, actor: Actor, now: datetime) -> bool:
    """Priority tickets come from kiosks in green-channel mode or from staff."""
    if kiosk is not None and kiosk.green_open(now):
        return True
    return bool(permissions_of(actor.role) & STAFF)


def ticket_request(code, now: datetime, *, priority: bool, kiosk: Kiosk | None,
                   actor: Actor) -> "issuing.CategoryRef":
    """The line to issue in, once the request passes the policy; else a DomainError."""
    category = issuing.category_by_code(code[:20]) if isinstance(code, str) else None
    if category is None:
        raise DomainError("没有这个业务类别", code="unknown_category",
                          fields={"category": "没有这个业务类别"})
    if priority and not may_issue_priority(kiosk, actor, now):
        raise Forbidden("绿色通道号须由工作人员开启", code="priority_not_allowed")
    limit = ticket_allowance(kiosk, actor.address, now)
    if not limit.allowed:
        raise TooManyTickets(limit.retry_after)
    return category
