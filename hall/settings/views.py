"""The administrator's settings page."""
from flask import Blueprint, flash, redirect, render_template, url_for

from hall.auth.access import permission_required
from hall.auth.roles import Permission
from hall.core.extensions import db
from hall.web.helpers import actor
from hall.settings import services
from hall.settings.forms import HallRulesForm, SettingsForm

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")


@bp.route("/", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_SETTINGS)
def edit():
    return _settings_page(SettingsForm, "settings/edit.html", "设置", ".edit")


@bp.route("/rules", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_HALL)
def rules():
    """The hall manager's rules: no-show policy, spoken text, warning thresholds, and the
    opening hours and quotas (whose forms post to hours_views)."""
    from hall.settings.hours_views import rules_context
    return _settings_page(HallRulesForm, "settings/rules.html", "大厅规则", ".rules",
                          rules_context)


def rules_form() -> HallRulesForm:
    """The rules form as saved, not as posted (for a page that another form refused)."""
    return HallRulesForm(data=services.get_all(), formdata=None)


def _settings_page(form_class, template: str, what: str, endpoint: str, context=dict):
    """Show a settings form; save what changed, audited, and come back to it."""
    form = form_class(data=services.get_all())
    if form.validate_on_submit():
        changed = services.update(actor(), form.service_data())
        db.session.commit()
        flash(f"{what}已保存" if changed else f"{what}没有变化", "success")
        return redirect(url_for(endpoint))
    status = 400 if form.errors else 200
    return render_template(template, form=form, **context()), status
