"""The lobby's wall display: latest calls, waiting counts, and the calls spoken aloud."""
from flask import Blueprint, render_template

from ..auth.access import public

bp = Blueprint("display", __name__)


@bp.get("/display")
@public
def lobby():
    return render_template("queue/display.html")
