"""Administration of departments, items and their materials."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.items import services
from hall.items.forms import DepartmentForm, ItemForm, MaterialForm
from hall.items.models import Department, Item, Material
from hall.web.access import permission_required
from hall.web.helpers import actor, choices, flash_outcome, save_form

bp = Blueprint("catalogue", __name__, url_prefix="/admin")
manage = permission_required(Permission.MANAGE_CATALOGUE)


def _get(model, object_id):
    return db.session.get(model, object_id) or abort(404)


@bp.get("/departments")
@manage
def departments():
    rows = services.departments_with_items()
    return render_template("items/departments.html", rows=rows)


@bp.route("/departments/new", methods=["GET", "POST"])
@bp.route("/departments/<int:department_id>", methods=["GET", "POST"])
@manage
def department_form(department_id: int | None = None):
    department = _get(Department, department_id) if department_id else None
    form = DepartmentForm(obj=department)
    return save_form(form, lambda data: services.save_department(actor(), data, department),
                     "items/department_form.html", department=department,
                     done=lambda _: (f"部门“{form.name.data}”已保存", url_for(".departments")))


@bp.post("/departments/<int:department_id>/delete")
@manage
def department_delete(department_id: int):
    department = _get(Department, department_id)
    flash_outcome(lambda: services.delete_department(actor(), department), "部门已删除")
    return redirect(url_for(".departments"))


@bp.get("/items")
@manage
def items():
    q = request.args.get("q", "").strip()[:100]
    department = request.args.get("department", "")[:20]
    found = services.search_items(q, department, published_only=False)
    all_departments = db.session.scalars(select(Department).order_by(Department.sort_order)).all()
    return render_template("items/items.html", items=found, q=q, department=department,
                           departments=all_departments)


def _item_form(item: Item | None) -> ItemForm:
    form = ItemForm(obj=item)
    if item is not None and not form.is_submitted():
        form.aliases.data = "、".join(item.alias_list)
    form.category_id.data = form.category_id.data or 0   # 0 is 不设置; the item holds NULL
    departments = db.session.scalars(select(Department).order_by(Department.sort_order))
    form.department_id.choices = choices([(0, "请选择")] + [(d.id, d.name) for d in departments])
    form.category_id.choices = choices([(0, "不设置（不显示取号按钮）")] + category_choices())
    return form


@bp.route("/items/new", methods=["GET", "POST"])
@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@manage
def item_form(item_id: int | None = None):
    item = _get(Item, item_id) if item_id else None
    form = _item_form(item)
    return save_form(
        form, lambda data: services.save_item(actor(), data, clock.now(), item),
        "items/item_form.html", item=item, material_form=MaterialForm(formdata=None),
        done=lambda saved: (f"事项“{saved.name}”已保存",
                            url_for(".item_form", item_id=saved.id)))


def _sample_of(form: MaterialForm):
    upload = form.sample.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    data = upload.read()
    if len(data) > 5 * 1024 * 1024:
        raise DomainError("样表文件不能超过 5 MB", fields={"sample": "样表文件不能超过 5 MB"})
    return upload.filename[-200:], upload.mimetype or "application/octet-stream", data


@bp.route("/items/<int:item_id>/materials/new", methods=["GET", "POST"])
@bp.route("/items/<int:item_id>/materials/<int:material_id>", methods=["GET", "POST"])
@manage
def material_form(item_id: int, material_id: int | None = None):
    item = _get(Item, item_id)
    material = _get(Material, material_id) if material_id else None
    if material is not None and material.item_id != item.id:
        abort(404)
    form = MaterialForm(obj=material)
    def save(data):
        data.pop("sample", None)
        return services.save_material(actor(), item, data, material, _sample_of(form))
    return save_form(form, save, "items/material_form.html", item=item, material=material,
                     done=lambda _: (f"材料“{form.name.data}”已保存",
                                     url_for(".item_form", item_id=item.id) + "#materials"))


@bp.post("/items/<int:item_id>/materials/<int:material_id>/delete")
@manage
def material_delete(item_id: int, material_id: int):
    material = _get(Material, material_id)
    if material.item_id != item_id:
        abort(404)
    services.delete_material(actor(), material)
    flash("材料已删除", "success")
    return redirect(url_for(".item_form", item_id=item_id) + "#materials")


def category_choices() -> list[tuple[int, str]]:
    """Every queue category for the item form's 取号 select, inactive ones marked.

    The class comes through the item's relationship: the catalogue does not import the queue.
    """
    category = Item.queue_category.property.mapper.class_
    rows = db.session.scalars(select(category).order_by(category.sort_order, category.code))
    return [(c.id, f"{c.prefix} {c.name}" + ("" if c.is_active else "（已停用）")) for c in rows]
