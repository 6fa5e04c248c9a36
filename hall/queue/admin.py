"""Administration of queue categories."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.items.models import Department, Item
from hall.queue import services
from hall.queue.forms import CategoryForm
from hall.queue.kiosks import LINK_MINUTES, delete_kiosk, register_kiosk, relink_kiosk
from hall.queue.models import Category, Kiosk
from hall.settings.links import device_link
from hall.web.access import permission_required
from hall.web.helpers import actor, choices, flash_outcome, save_form

bp = Blueprint("categories", __name__, url_prefix="/admin/categories")
manage = permission_required(Permission.MANAGE_CATALOGUE)


@bp.get("/")
@manage
def index():
    categories = db.session.scalars(select(Category).order_by(Category.sort_order, Category.code))
    return render_template("queue/categories.html", categories=categories.all())


def _item_choices():
    rows = db.session.execute(select(Item.id, Item.name, Department.name).join(Item.department)
                              .order_by(Department.sort_order, Item.code))
    return [(item_id, f"{name}（{dept}）") for item_id, name, dept in rows]


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:category_id>", methods=["GET", "POST"])
@manage
def edit(category_id: int | None = None):
    category = db.session.get(Category, category_id) or abort(404) if category_id else None
    form = CategoryForm(obj=category)
    form.items.choices = choices(_item_choices())
    if category is not None and not form.is_submitted():
        form.items.data = [item.id for item in category.items]
    return save_form(
        form, lambda data: services.save_category(actor(), data, data.pop("items") or [],
                                                  category),
        "queue/category_form.html", category=category,
        done=lambda saved: (f"排队类别“{saved.name}”已保存", url_for(".index")))


@bp.post("/<int:category_id>/delete")
@manage
def delete(category_id: int):
    category = db.session.get(Category, category_id) or abort(404)
    flash_outcome(lambda: services.delete_category(actor(), category), "排队类别已删除")
    return redirect(url_for(".index"))


kiosks_bp = Blueprint("kiosks_admin", __name__, url_prefix="/admin/kiosks")


@kiosks_bp.route("/", methods=["GET", "POST"])
@manage
def kiosks():
    """List kiosks and register a new one; its link is shown once."""
    link = None
    if request.method == "POST":
        try:
            key, kiosk = register_kiosk(actor(), request.form.get("name", ""), clock.now())
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            link = device_link("kiosk.register", key)
            flash(f"已登记“{kiosk.name}”。请在该终端的浏览器中打开下面的链接（只显示这一次，"
                  f"只能使用一次，{LINK_MINUTES} 分钟内有效）", "success")
    return _kiosks_page(link)


def _kiosks_page(link: str | None):
    rows = db.session.scalars(select(Kiosk).order_by(Kiosk.name)).all()
    return render_template("queue/kiosks.html", kiosks=rows, link=link, now=clock.now(),
                           link_minutes=LINK_MINUTES)


@kiosks_bp.post("/<int:kiosk_id>/link")
@manage
def kiosk_relink(kiosk_id: int):
    """A new one-time link for a kiosk; the browser that opens it replaces the old one."""
    kiosk = db.session.get(Kiosk, kiosk_id) or abort(404)
    token = relink_kiosk(actor(), kiosk, clock.now())
    flash(f"已为“{kiosk.name}”生成新的登记链接（只能使用一次，{LINK_MINUTES} 分钟内有效）；"
          "打开后，原先登记的浏览器即失效", "success")
    return _kiosks_page(device_link("kiosk.register", token))


@kiosks_bp.post("/<int:kiosk_id>/delete")
@manage
def kiosk_delete(kiosk_id: int):
    kiosk = db.session.get(Kiosk, kiosk_id) or abort(404)
    delete_kiosk(actor(), kiosk)
    flash("终端已注销", "success")
    return redirect(url_for(".kiosks"))
