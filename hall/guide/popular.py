"""热门事项: the items citizens came for most in the last 30 days, by the cases registered.

Every case at a window is registered for one item, so the count is real demand, whatever
queue category the ticket was taken in. A new hall without cases shows no 热门事项 rather
than a list that pretends. Kiosks ask on every guide page, and on a busy hall the count
reads a month of cases, so each process keeps the answer for a few minutes.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from hall.cases.models import Case
from hall.core.extensions import db
from hall.items.models import Item

DAYS = 30
SHOWN = 8
KEEP_SECONDS = 300


def popular_items(now, limit: int = SHOWN) -> list[Item]:
    """The published items with the most cases registered in the last 30 days, most first."""
    cache = current_app.extensions.setdefault("hall_popular_items", {})
    kept = cache.get(limit)
    if kept is None or not 0 <= (now - kept[0]).total_seconds() <= KEEP_SECONDS:
        kept = cache[limit] = (now, _most_requested_ids(now, limit))
    found = {item.id: item for item in db.session.scalars(
        select(Item).where(Item.id.in_(kept[1]), Item.is_published.is_(True)))}
    return [found[item_id] for item_id in kept[1] if item_id in found]


def _most_requested_ids(now, limit: int) -> list[int]:
    cases = func.count(Case.id)
    query = (select(Case.item_id).join(Item, Item.id == Case.item_id)
             .where(Case.created_at >= now - timedelta(days=DAYS), Item.is_published.is_(True))
             .group_by(Case.item_id).order_by(cases.desc(), Case.item_id).limit(limit))
    return list(db.session.scalars(query))


def forget_popular_items() -> None:
    current_app.extensions.pop("hall_popular_items", None)
