"""The citizen's phone page for a ticket, opened from its QR code."""
from flask import Blueprint, Response, abort, render_template
from sqlalchemy import select

from ..auth.access import public
from ..extensions import db
from ..qr import qr_svg
from ..web import public_url
from .api import ticket_dict
from .models import Ticket

bp = Blueprint("phone", __name__, url_prefix="/t")


def _ticket(token: str) -> Ticket:
    return db.session.scalar(select(Ticket).where(Ticket.token == token[:64])) or abort(404)


@bp.get("/<token>")
@public
def ticket(token: str):
    found = _ticket(token)
    return render_template("queue/phone.html", ticket=found, info=ticket_dict(found))


@bp.get("/<token>/qr.svg")
@public
def ticket_qr(token: str):
    found = _ticket(token)
    svg = qr_svg(public_url("phone.ticket", token=found.token))
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})
