"""Operations on the catalogue; each validates, changes, audits and flushes."""
from sqlalchemy import case, delete, func, insert, or_, select, text
from sqlalchemy.orm import contains_eager, load_only

from hall.core.actor import Actor
from hall.core.errors import Conflict, DomainError
from hall.core.extensions import db
from hall.core.journal import record
from hall.items import search
from hall.items.models import (
    ITEM_TYPES,
    MATERIAL_FORMS,
    SPECIAL_STEPS,
    Department,
    Item,
    Material,
    item_special_step,
)

DEPARTMENT_FIELDS = ("code", "name", "phone", "sort_order")
ITEM_FIELDS = ("code", "name", "type", "department_id", "legal_basis", "conditions",
               "procedure", "legal_days", "promised_days", "charges_fee", "fee_basis",
               "fee_standard", "place", "consult_phone", "complaint_phone", "online",
               "online_url", "visits", "is_published", "category_id")
MATERIAL_FIELDS = ("name", "form", "copies", "required", "deferrable", "requirements", "position")


def _taken(model, column, value, own_id) -> bool:
    query = select(func.count()).select_from(model).where(column == value)
    if own_id is not None:
        query = query.where(model.id != own_id)
    return db.session.scalar(query) > 0


def _raise_if(errors: dict) -> None:
    if errors:
        raise DomainError(next(iter(errors.values())), code="invalid", fields=errors)


def _assign(obj, data: dict, fields) -> None:
    for field in fields:
        if field in data:
            setattr(obj, field, data[field])


def save_department(actor: Actor, data: dict, department: Department | None = None) -> Department:
    """Create a department, or change one; code and name are unique."""
    own_id = department.id if department else None
    errors = {}
    if _taken(Department, Department.code, data["code"], own_id):
        errors["code"] = "部门编码已存在"
    if _taken(Department, Department.name, data["name"], own_id):
        errors["name"] = "部门名称已存在"
    _raise_if(errors)
    before = department.audit_dict() if department else None
    department = department or Department()
    _assign(department, data, DEPARTMENT_FIELDS)
    db.session.add(department)
    db.session.flush()
    if before and before["name"] != department.name:
        for item in department.items:
            index_item(item)
    record(actor, "department.update" if before else "department.create", department,
           before=before, after=department.audit_dict())
    return department


def delete_department(actor: Actor, department: Department) -> None:
    """Only a department without items may go; windows simply stop listing it."""
    if department.items:
        raise Conflict("该部门下仍有事项，不能删除")
    before = department.audit_dict()
    # Tickets counted for it in the reports fall back to 未归属部门: ticket.department_id has
    # no ON DELETE (SQLite cannot add one to an existing table without rebuilding it).
    db.session.execute(text("UPDATE ticket SET department_id = NULL WHERE department_id = :id"),
                       {"id": department.id})
    db.session.delete(department)
    db.session.flush()
    record(actor, "department.delete", label=before["name"], before=before)


def item_errors(data: dict, own_id: int | None) -> dict:
    """Every rule an item's data breaks, in Chinese, keyed by field."""
    errors = {}
    if _taken(Item, Item.code, data["code"], own_id):
        errors["code"] = "事项编码已存在"
    if data["type"] not in ITEM_TYPES:
        errors["type"] = "事项类型不正确"
    if db.session.get(Department, data["department_id"]) is None:
        errors["department_id"] = "请选择实施部门"
    if data["promised_days"] > data["legal_days"]:
        errors["promised_days"] = "承诺时限不能超过法定时限"
    if data["charges_fee"] and not data.get("fee_standard", "").strip():
        errors["fee_standard"] = "收费事项须填写收费标准"
    alias_error = search.alias_error(search.parse_aliases(data.get("aliases", "")))
    if alias_error:
        errors["aliases"] = alias_error
    if data.get("category_id") and not _category_exists(data["category_id"]):
        errors["category_id"] = "排队类别不存在"
    return errors


def _category_exists(category_id: int) -> bool:
    found = db.session.execute(text("SELECT count(*) FROM category WHERE id = :id"),
                               {"id": category_id}).scalar()
    return bool(found)


def save_item(actor: Actor, data: dict, now, item: Item | None = None) -> Item:
    """Create or change an item with its special steps; promised days never exceed legal ones."""
    _raise_if(item_errors(data, item.id if item else None))
    steps = data.get("special_steps", [])
    unknown = [s for s in steps if s not in SPECIAL_STEPS]
    _raise_if({"special_steps": "特殊环节不正确"} if unknown else {})
    before = item.audit_dict() if item else None
    item = item or Item()
    _assign(item, data, ITEM_FIELDS)
    if "aliases" in data:
        item.aliases = "\n".join(search.parse_aliases(data["aliases"]))
    item.category_id = item.category_id or None
    item.updated_at = now
    db.session.add(item)
    db.session.flush()
    _set_special_steps(item, steps)
    _add_to_category(item)
    db.session.refresh(item)
    index_item(item)
    record(actor, "item.update" if before else "item.create", item,
           before=before, after=item.audit_dict())
    return item


def _set_special_steps(item: Item, steps: list[str]) -> None:
    db.session.execute(delete(item_special_step).where(item_special_step.c.item_id == item.id))
    for step in dict.fromkeys(steps):
        db.session.execute(insert(item_special_step).values(item_id=item.id, step=step))


def assign_category(actor: Actor, item: Item, category_id: int | None, now) -> Item:
    """Set only the queue category an item's 取号 button issues tickets in."""
    if category_id and not _category_exists(category_id):
        raise DomainError("排队类别不存在", code="invalid", fields={"category_id": "排队类别不存在"})
    before = item.audit_dict()
    item.category_id = category_id or None
    item.updated_at = now
    db.session.flush()
    _add_to_category(item)
    record(actor, "item.update", item, before=before, after=item.audit_dict())
    return item


def _add_to_category(item: Item) -> None:
    """The category that issues the item's tickets also lists it (its windows serve it)."""
    if item.category_id is None:
        return
    params = {"category": item.category_id, "item": item.id}
    listed = db.session.execute(text(
        "SELECT count(*) FROM category_item WHERE category_id = :category AND item_id = :item"),
        params).scalar()
    if not listed:
        db.session.execute(text("INSERT INTO category_item (category_id, item_id) "
                                "VALUES (:category, :item)"), params)


def index_item(item: Item) -> None:
    """Store what the item is found by; run whenever its name, aliases, code, department's
    name or materials change."""
    materials = db.session.scalars(select(Material.name).where(
        Material.item_id == item.id).order_by(Material.position, Material.id)).all()
    department = db.session.get(Department, item.department_id)
    item.search_text = search.build_search_text(
        item.name, item.alias_list, department.name if department else "", list(materials),
        item.code)
    db.session.flush()


def save_material(actor: Actor, item: Item, data: dict, material: Material | None = None,
                  sample: tuple[str, str, bytes] | None = None) -> Material:
    """Add or change one material of an item; names are unique within the item."""
    own_id = material.id if material else None
    clash = select(func.count()).select_from(Material).where(
        Material.item_id == item.id, Material.name == data["name"])
    if own_id:
        clash = clash.where(Material.id != own_id)
    errors = {"name": "该事项已有同名材料"} if db.session.scalar(clash) else {}
    if data["form"] not in MATERIAL_FORMS:
        errors["form"] = "材料形式不正确"
    _raise_if(errors)
    before = material.audit_dict() if material else None
    material = material or Material(item=item)
    _assign(material, data, MATERIAL_FIELDS)
    if sample:
        material.sample_filename, material.sample_mimetype, material.sample_data = sample
    db.session.add(material)
    db.session.flush()
    index_item(item)
    record(actor, "material.update" if before else "material.create", material,
           before=before, after=material.audit_dict())
    return material


def delete_material(actor: Actor, material: Material) -> None:
    before = material.audit_dict()
    item = material.item
    db.session.delete(material)
    db.session.flush()
    index_item(item)
    record(actor, "material.delete", label=before["name"], before=before)


# What a list of items shows (guide, admin, API summary): the long guide texts stay behind.
LISTED_COLUMNS = (Item.code, Item.name, Item.type, Item.department_id, Item.legal_days,
                  Item.promised_days, Item.online, Item.visits, Item.is_published, Item.aliases,
                  Item.category_id)


def search_items(q: str = "", department: str = "", published_only: bool = True,
                 limit: int | None = None):
    """Items whose name, alias, department, material or code has every word of the search,
    in characters, full pinyin or initials; best first: name, alias, department, material."""
    query = select(Item).join(Item.department).options(
        contains_eager(Item.department).load_only(Department.code, Department.name,
                                                  Department.sort_order),
        load_only(*LISTED_COLUMNS))
    if published_only:
        query = query.where(Item.is_published.is_(True))
    if department:
        query = query.where(or_(Department.code == department, Department.name == department))
    words = search.query_words(q)
    if q.strip() and not words:
        return []   # only punctuation: nothing to look for
    for word in words:
        query = query.where(Item.search_text.like(f"%{word}%"))
    order = [Department.sort_order, Item.code]
    if words:
        order.insert(0, sum(_rank_of(word) for word in words))
    return db.session.scalars(query.order_by(*order).limit(limit)).all()


def _rank_of(word: str):
    """1 when the word is in the item's name, 2 in an alias, 3 department, 4 material, 5 code."""
    sections = range(len(search.SECTIONS) - 1)
    return case(*[(Item.search_text.like(search.section_pattern(word, n)), n + 1)
                  for n in sections], else_=len(search.SECTIONS))


def match_notes(items, q: str) -> dict[int, str]:
    """Why each item was found when it is not by its name: the alias or material that matched
    (Chinese, for the result list); one query for the materials of all the items."""
    words = search.query_words(q)
    unnamed = [item for item in items if words and not search.first_match([item.name], words)]
    if not unnamed:
        return {}
    materials: dict[int, list[str]] = {}
    rows = db.session.execute(select(Material.item_id, Material.name).where(
        Material.item_id.in_([item.id for item in unnamed])).order_by(Material.position))
    for item_id, name in rows:
        materials.setdefault(item_id, []).append(name)
    notes = {}
    for item in unnamed:
        alias = search.first_match(item.alias_list, words)
        material = None if alias else search.first_match(materials.get(item.id, []), words)
        if alias or material:
            notes[item.id] = f"常用名：{alias}" if alias else f"所需材料：{material}"
    return notes


def departments_with_items():
    """Departments in display order with how many published items each has."""
    count = (select(func.count()).select_from(Item)
             .where(Item.department_id == Department.id, Item.is_published.is_(True))
             .scalar_subquery())
    rows = db.session.execute(select(Department, count).order_by(
        Department.sort_order, Department.code)).all()
    return [(dept, n) for dept, n in rows]


def find_item(code: str, published_only: bool = True) -> Item | None:
    query = select(Item).where(Item.code == code)
    if published_only:
        query = query.where(Item.is_published.is_(True))
    return db.session.scalar(query)
