"""The acceptance form's item picker: the items a window accepts, searchable."""
from sqlalchemy import or_, select

from hall.core.extensions import db
from hall.items.models import Department, Item
from hall.items.services import search_items
from hall.queue.models import category_item
from hall.windows.models import Window


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
