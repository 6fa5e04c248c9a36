"""Administration of departments, items and their materials."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from hall.core import clock
from hall.auth.access import permission_required
from hall.auth.roles import Permission
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.web.helpers import actor, choices, show_error
from hall.items import services
from hall.items.forms import DepartmentForm, ItemForm, MaterialForm
from hall.items.models import Department, Item, Material
from hall.items.queue_link import category_choices

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
    if form.validate_on_submit():
        try:
            services.save_department(actor(), form.service_data(), department)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"部门“{form.name.data}”已保存", "success")
            return redirect(url_for(".departments"))
    status = 400 if form.errors else 200
    return render_template("items/department_form.html", form=form,
                           department=department), status


@bp.post("/departments/<int:department_id>/delete")
@manage
def department_delete(department_id: int):
    department = _get(Department, department_id)
    try:
        services.delete_department(actor(), department)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".departments"))
    db.session.commit()
    flash("部门已删除", "success")
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
    if form.validate_on_submit():
        try:
            saved = services.save_item(actor(), form.service_data(), clock.now(), item)
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"事项“{saved.name}”已保存", "success")
            return redirect(url_for(".item_form", item_id=saved.id))
    status = 400 if form.errors else 200
    return render_template("items/item_form.html", form=form, item=item,
                           material_form=MaterialForm(formdata=None)), status


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
    if form.validate_on_submit():
        try:
            data = {k: v for k, v in form.service_data().items() if k != "sample"}
            services.save_material(actor(), item, data, material, _sample_of(form))
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"材料“{form.name.data}”已保存", "success")
            return redirect(url_for(".item_form", item_id=item.id) + "#materials")
    status = 400 if form.errors else 200
    return render_template("items/material_form.html", form=form, item=item,
                           material=material), status


@bp.post("/items/<int:item_id>/materials/<int:material_id>/delete")
@manage
def material_delete(item_id: int, material_id: int):
    material = _get(Material, material_id)
    if material.item_id != item_id:
        abort(404)
    services.delete_material(actor(), material)
    db.session.commit()
    flash("材料已删除", "success")
    return redirect(url_for(".item_form", item_id=item_id) + "#materials")
