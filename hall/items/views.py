"""The public service guide: browse by department, search, read and print an item."""
from flask import Blueprint, abort, render_template, request, send_file
from io import BytesIO
from sqlalchemy import select

from ..auth.access import public
from ..extensions import db
from ..queue.models import Category, category_item
from ..windows.models import Window, window_category
from . import services
from .models import Department, Material

bp = Blueprint("guide", __name__, url_prefix="/guide")


def item_windows(item) -> list[Window]:
    """Windows that serve an item, through the queue categories that list it."""
    query = (select(Window).join(window_category).join(Category)
             .join(category_item).where(category_item.c.item_id == item.id)
             .distinct().order_by(Window.no))
    return list(db.session.scalars(query))


def item_categories(item) -> list[Category]:
    query = (select(Category).join(category_item).where(category_item.c.item_id == item.id)
             .order_by(Category.sort_order, Category.code))
    return list(db.session.scalars(query))


@bp.get("/")
@public
def index():
    q = request.args.get("q", "").strip()[:100]
    code = request.args.get("department", "")[:20]
    department = db.session.scalar(select(Department).where(Department.code == code)) if code else None
    items = services.search_items(q, code) if (q or department) else []
    return render_template("guide/index.html", q=q, department=department, items=items,
                           departments=services.departments_with_items())


@bp.get("/items/<code>")
@public
def item(code: str):
    found = services.find_item(code) or abort(404)
    return render_template("guide/item.html", item=found, windows=item_windows(found),
                           categories=item_categories(found))


@bp.get("/items/<code>/print")
@public
def item_print(code: str):
    found = services.find_item(code) or abort(404)
    return render_template("guide/print.html", item=found, windows=item_windows(found))


@bp.get("/materials/<int:material_id>/sample")
@public
def material_sample(material_id: int):
    material = db.session.get(Material, material_id)
    if material is None or not material.has_sample or not material.item.is_published:
        abort(404)
    return send_file(BytesIO(material.sample_data), mimetype=material.sample_mimetype,
                     download_name=material.sample_filename, as_attachment=True)
