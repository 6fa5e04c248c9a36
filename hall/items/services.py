"""Operations on the catalogue; each validates, changes, audits and flushes."""
from sqlalchemy import delete, func, insert, or_, select

from ..audit.services import Actor, record
from ..errors import Conflict, DomainError
from ..extensions import db
from .models import ITEM_TYPES, MATERIAL_FORMS, SPECIAL_STEPS, Department, Item, Material, item_special_step

DEPARTMENT_FIELDS = ("code", "name", "phone", "sort_order")
ITEM_FIELDS = ("code", "name", "type", "department_id", "legal_basis", "conditions",
               "procedure", "legal_days", "promised_days", "charges_fee", "fee_basis",
               "fee_standard", "place", "consult_phone", "complaint_phone", "online",
               "online_url", "visits", "is_published")
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
    record(actor, "department.update" if before else "department.create", department,
           before=before, after=department.audit_dict())
    return department


def delete_department(actor: Actor, department: Department) -> None:
    """Only a department without items may go; windows simply stop listing it."""
    if department.items:
        raise Conflict("该部门下仍有事项，不能删除")
    before = department.audit_dict()
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
    return errors


def save_item(actor: Actor, data: dict, now, item: Item | None = None) -> Item:
    """Create or change an item with its special steps; promised days never exceed legal ones."""
    _raise_if(item_errors(data, item.id if item else None))
    steps = data.get("special_steps", [])
    unknown = [s for s in steps if s not in SPECIAL_STEPS]
    _raise_if({"special_steps": "特殊环节不正确"} if unknown else {})
    before = item.audit_dict() if item else None
    item = item or Item()
    _assign(item, data, ITEM_FIELDS)
    item.updated_at = now
    db.session.add(item)
    db.session.flush()
    _set_special_steps(item, steps)
    db.session.refresh(item)
    record(actor, "item.update" if before else "item.create", item,
           before=before, after=item.audit_dict())
    return item


def _set_special_steps(item: Item, steps: list[str]) -> None:
    db.session.execute(delete(item_special_step).where(item_special_step.c.item_id == item.id))
    for step in dict.fromkeys(steps):
        db.session.execute(insert(item_special_step).values(item_id=item.id, step=step))


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
    record(actor, "material.update" if before else "material.create", material,
           before=before, after=material.audit_dict())
    return material


def delete_material(actor: Actor, material: Material) -> None:
    before = material.audit_dict()
    db.session.delete(material)
    db.session.flush()
    record(actor, "material.delete", label=before["name"], before=before)


def search_items(q: str = "", department: str = "", published_only: bool = True):
    """Items matching a text in name, code or department, optionally of one department."""
    query = select(Item).join(Item.department)
    if published_only:
        query = query.where(Item.is_published.is_(True))
    if department:
        query = query.where(or_(Department.code == department, Department.name == department))
    for word in q.split()[:5]:
        pattern = f"%{_escape_like(word)}%"
        query = query.where(or_(Item.name.like(pattern, escape="\\"),
                                Item.code.like(pattern, escape="\\"),
                                Department.name.like(pattern, escape="\\")))
    return db.session.scalars(query.order_by(Department.sort_order, Item.code)).all()


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


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
