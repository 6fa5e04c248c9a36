"""Operations on queue categories."""
from sqlalchemy import func, select

from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.core.journal import record
from hall.items.models import Item
from hall.queue.issuing import forget_categories
from hall.queue.models import Category

CATEGORY_FIELDS = ("code", "name", "prefix", "description", "sort_order", "is_active")


def category_errors(data: dict, own_id: int | None) -> dict:
    """Codes, names and prefix letters are unique; a prefix is one capital letter."""
    errors = {}
    for field, label in (("code", "类别编码"), ("name", "类别名称"), ("prefix", "字母前缀")):
        query = select(func.count()).select_from(Category).where(
            getattr(Category, field) == data[field])
        if own_id is not None:
            query = query.where(Category.id != own_id)
        if db.session.scalar(query):
            errors[field] = f"{label}已被其他类别使用"
    prefix = data["prefix"]
    if len(prefix) != 1 or not ("A" <= prefix <= "Z"):
        errors["prefix"] = "字母前缀须为一个大写英文字母"
    return errors


def save_category(actor: Actor, data: dict, item_ids: list[int],
                  category: Category | None = None) -> Category:
    errors = category_errors(data, category.id if category else None)
    if errors:
        raise DomainError(next(iter(errors.values())), fields=errors)
    before = category.audit_dict() if category else None
    category = category or Category()
    for field in CATEGORY_FIELDS:
        if field in data:
            setattr(category, field, data[field])
    category.items = list(db.session.scalars(select(Item).where(Item.id.in_(item_ids))))
    db.session.add(category)
    db.session.flush()
    forget_categories()
    record(actor, "category.update" if before else "category.create", category,
           before=before, after=category.audit_dict())
    return category


def delete_category(actor: Actor, category: Category) -> None:
    """Only a category that never issued a ticket may go; others are switched off instead."""
    from hall.queue.models import Ticket
    used = db.session.scalar(select(func.count()).select_from(Ticket).where(
        (Ticket.category_id == category.id) | (Ticket.issued_category_id == category.id)))
    if used:
        raise Conflict("该类别已有取号记录，不能删除；如不再使用，请改为停用")
    before = category.audit_dict()
    db.session.delete(category)
    db.session.flush()
    forget_categories()
    record(actor, "category.delete", label=before["name"], before=before)
