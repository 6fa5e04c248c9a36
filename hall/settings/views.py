"""The administrator's settings page."""
from flask import Blueprint, flash, redirect, render_template, url_for

from hall.core.roles import Permission
from hall.settings import services
from hall.settings.forms import SettingsForm
from hall.web.access import permission_required
from hall.web.helpers import actor

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")


@bp.route("/", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def edit():
    return settings_page(SettingsForm, "settings/edit.html", "设置", ".edit")


def settings_page(form_class, template: str, what: str, endpoint: str, context=dict):
    """Show a settings form; save what changed, audited, and come back to it."""
    form = form_class(data=services.get_all())
    if form.validate_on_submit():
        changed = services.update(actor(), form.service_data())
        flash(f"{what}已保存" if changed else f"{what}没有变化", "success")
        return redirect(url_for(endpoint))
    status = 400 if form.errors else 200
    return render_template(template, form=form, **context()), status
