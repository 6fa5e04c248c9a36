"""The public kiosk's home screen."""
from flask import Blueprint, render_template

from ..auth.access import public
from ..items import services as items

bp = Blueprint("kiosk", __name__)


@bp.get("/kiosk")
@public
def home():
    return render_template("kiosk/home.html", departments=items.departments_with_items())
