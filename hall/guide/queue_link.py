"""Where the guide meets the queue: the categories that serve an item and its 取号 category."""
from sqlalchemy import or_, select

from hall.core.extensions import db
from hall.queue import estimates, tickets
from hall.queue.models import Category, category_item
from hall.windows.models import Window, window_category


def _serving_category_ids(item):
    """The item's 取号 category and the categories that list it."""
    listed = select(category_item.c.category_id).where(category_item.c.item_id == item.id)
    return or_(Category.id == item.category_id, Category.id.in_(listed))


def item_categories(item) -> list[Category]:
    query = (select(Category).where(_serving_category_ids(item))
             .order_by(Category.sort_order, Category.code))
    return list(db.session.scalars(query))


def item_windows(item) -> list[Window]:
    """Windows that serve an item, through its queue categories."""
    query = (select(Window).join(window_category).join(Category)
             .where(_serving_category_ids(item)).distinct().order_by(Window.no))
    return list(db.session.scalars(query))


def ticket_line(item, now) -> dict | None:
    """The line a citizen joins for this item: its active 取号 category with the current
    waiting count and estimated wait, or None when the item names no active category."""
    if item.category_id is None:
        return None
    for row in estimates.category_rows(tickets.hall_day(now), now):
        if row["category"].id == item.category_id:
            return row
    return None


def consult_windows() -> list[Window]:
    """The 咨询导办 windows, where someone who cannot find an item gets help."""
    return list(db.session.scalars(select(Window).where(Window.kind == "consult")
                                   .order_by(Window.no)))
