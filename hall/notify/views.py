"""消息通知: the manager's view of the outbox, with 重新发送 for failed messages."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for

from hall.core import clock
from hall.core.roles import Permission
from hall.notify import services
from hall.notify.forms import RetryForm
from hall.notify.models import STATUSES
from hall.web.access import permission_required
from hall.web.helpers import actor, flash_outcome

bp = Blueprint("notify_admin", __name__, url_prefix="/notify")


@bp.get("/")
@permission_required(Permission.MANAGE_HALL)
def index():
    return render_template("notify/index.html", counts=services.counts(), statuses=STATUSES,
                           latest=services.latest(), failures=services.failures(),
                           form=RetryForm(), now=clock.now())


@bp.post("/<int:message_id>/retry")
@permission_required(Permission.MANAGE_HALL)
def retry(message_id: int):
    if not RetryForm().validate_on_submit():   # CSRFProtect has refused a bad token already
        abort(400)
    flash_outcome(lambda: services.retry(actor(), message_id, clock.now()),
                  "已重新排入发送队列，发送程序将在几秒内重试")
    return redirect(url_for(".index"))


@bp.post("/retry-failed")
@permission_required(Permission.MANAGE_HALL)
def retry_all():
    if not RetryForm().validate_on_submit():
        abort(400)
    count = services.retry_all_failed(actor(), clock.now())
    flash(f"已将 {count} 条发送失败的短信重新排入发送队列" if count else "没有发送失败的短信",
          "success" if count else "info")
    return redirect(url_for(".index"))
