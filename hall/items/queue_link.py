"""Where the guide meets the queue: the categories that serve an item and its 取号 category."""
from sqlalchemy import or_, select

from hall.core.extensions import db
from hall.queue import estimates, tickets
from hall.items.models import Department, Item
from hall.items.services import search_items
from hall.queue.models import Category, category_item
from hall.windows.models import Window, window_category


def category_choices() -> list[tuple[int, str]]:
    """Every queue category for the item form's select, inactive ones marked."""
    rows = db.session.scalars(select(Category).order_by(Category.sort_order, Category.code))
    return [(c.id, f"{c.prefix} {c.name}" + ("" if c.is_active else "（已停用）")) for c in rows]


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


def window_items(window: Window, q: str = "", everything: bool = False) -> list:
    """Published items a window accepts: its departments' and its queues' (listed under a
    category it serves, or naming one for 取号); every item when it names neither, or when
    `everything` is asked. With `q`, only those found by the guide's search (pinyin and
    initials included), best match first; else by department and code."""
    query = (select(Item).join(Item.department).where(Item.is_published.is_(True))
             .order_by(Department.sort_order, Item.code))
    department_ids = [d.id for d in window.departments]
    category_ids = [c.id for c in window.categories]
    if not everything and (department_ids or category_ids):
        listed = select(category_item.c.item_id).where(
            category_item.c.category_id.in_(category_ids))
        query = query.where(or_(Item.department_id.in_(department_ids),
                                Item.category_id.in_(category_ids), Item.id.in_(listed)))
    items = list(db.session.scalars(query))
    if not q.strip():
        return items
    allowed = {item.id: item for item in items}
    return [allowed[found.id] for found in search_items(q) if found.id in allowed]


def consult_windows() -> list[Window]:
    """The 咨询导办 windows, where someone who cannot find an item gets help."""
    return list(db.session.scalars(select(Window).where(Window.kind == "consult")
                                   .order_by(Window.no)))
