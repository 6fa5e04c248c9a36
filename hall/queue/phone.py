"""The citizen's phone page for a ticket, opened from its QR code."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.masking import mask_phone
from hall.queue import notices
from hall.queue.models import Ticket
from hall.queue.presenters import ticket_dict
from hall.settings.links import public_url
from hall.web.access import public
from hall.web.qr import qr_svg

bp = Blueprint("phone", __name__, url_prefix="/t")


def _ticket(token: str) -> Ticket:
    return db.session.scalar(select(Ticket).where(Ticket.token == token[:64])) or abort(404)


@bp.get("/<token>")
@public
def ticket(token: str):
    found = _ticket(token)
    return render_template("queue/phone.html", ticket=found, info=ticket_dict(found))


@bp.post("/<token>/sms")
@public
def ticket_sms(token: str):
    """The phone page's form: a mobile number for "your turn is near" messages."""
    found = _ticket(token)
    try:
        notices.leave_phone(found, request.form.get("phone", ""), clock.now())
    except DomainError as exc:
        db.session.rollback()
        return render_template("queue/phone.html", ticket=found, info=ticket_dict(found),
                               sms_error=exc.message), exc.status
    flash(f"已登记，快轮到您时将发短信到 {mask_phone(found.phone)}", "success")
    return redirect(url_for(".ticket", token=found.token))


@bp.get("/<token>/qr.svg")
@public
def ticket_qr(token: str):
    found = _ticket(token)
    svg = qr_svg(public_url("phone.ticket", token=found.token))
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})
