"""The administrator's settings page."""
from flask import Blueprint, flash, redirect, render_template, url_for

from ..auth.access import permission_required
from ..auth.roles import Permission
from ..extensions import db
from ..web import actor
from . import services
from .forms import HallRulesForm, SettingsForm

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")


@bp.route("/", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def edit():
    form = SettingsForm(data=services.get_all())
    if form.validate_on_submit():
        changed = services.update(actor(), form.service_data())
        db.session.commit()
        flash("设置已保存" if changed else "设置没有变化", "success")
        return redirect(url_for(".edit"))
    status = 400 if form.errors else 200
    return render_template("settings/edit.html", form=form), status


@bp.route("/rules", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_HALL)
def rules():
    """The hall manager's rules: no-show policy, spoken text, warning thresholds."""
    form = HallRulesForm(data=services.get_all())
    if form.validate_on_submit():
        changed = services.update(actor(), form.service_data())
        db.session.commit()
        flash("大厅规则已保存" if changed else "大厅规则没有变化", "success")
        return redirect(url_for(".rules"))
    status = 400 if form.errors else 200
    return render_template("settings/rules.html", form=form), status
