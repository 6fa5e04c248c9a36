"""The public service guide: browse by department, search, read and print an item."""
from io import BytesIO

from flask import Blueprint, abort, make_response, render_template, request, send_file
from sqlalchemy import select

from hall.core import clock
from hall.core.extensions import db
from hall.guide.popular import popular_items
from hall.guide.queue_link import consult_windows, item_categories, item_windows, ticket_line
from hall.items import services
from hall.items.models import Department, Material
from hall.queue.kiosks import current_kiosk
from hall.web.access import public

bp = Blueprint("guide", __name__, url_prefix="/guide")

__all__ = ["bp", "item_windows", "item_categories"]
SHOWN = 100   # results on one kiosk page; more asks for another word


@bp.get("/")
@public
def index():
    page = _search_page(request.args)
    return render_template("guide/index.html", **page, **_help(page["items"], whole_page=True))


@bp.get("/results")
@public
def results():
    """The results part of the search page, for the on-screen keyboard's live search."""
    page = _search_page(request.args)
    html = render_template("guide/_results.html", **page, **_help(page["items"]))
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def _search_page(args) -> dict:
    q = args.get("q", "").strip()[:100]
    code = args.get("department", "")[:20]
    department = db.session.scalar(select(Department).where(Department.code == code)) if code else None
    items = services.search_items(q, code, limit=SHOWN + 1) if (q or department) else []
    return {"q": q, "department": department, "items": items[:SHOWN], "more": len(items) > SHOWN,
            "notes": services.match_notes(items[:SHOWN], q)}


def _help(items, whole_page: bool = False) -> dict:
    """What a page without results shows (热门事项, departments, the help desk); the whole
    page also lists the departments beside the results."""
    if items and not whole_page:
        return {"departments": [], "popular": [], "consult_windows": []}
    return {"departments": services.departments_with_items(),
            "popular": [] if items else popular_items(clock.now()),
            "consult_windows": [] if items else consult_windows()}


@bp.get("/items/<code>")
@public
def item(code: str):
    found = services.find_item(code) or abort(404)
    return render_template("guide/item.html", item=found, windows=item_windows(found),
                           categories=item_categories(found),
                           line=ticket_line(found, clock.now()),
                           at_kiosk=current_kiosk() is not None)


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
