"""The hours part of the 大厅规则 page: the week, special days, quotas; each form posts here
and comes back to the rules page."""
from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for

from hall.core import clock
from hall.core.errors import DomainError
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.hours import rules
from hall.hours import services as hours
from hall.queue.opening import active_categories
from hall.rules.forms import rules_form
from hall.rules.hours_forms import SpecialDayForm, WeekForm, quota_form
from hall.web.access import permission_required
from hall.web.helpers import actor

bp = Blueprint("hours_admin", __name__, url_prefix="/admin/settings/rules")


def week_data() -> dict:
    """The week as the form shows it."""
    data = {"holidays_open": hours.holidays_open()}
    for n, day in enumerate(hours.week()):
        data[f"sessions_{n}"] = rules.format_sessions(day.sessions)
        data[f"ticketing_{n}"] = ("" if day.ticketing_from is None
                                  else rules.format_minutes(day.ticketing_from))
    return data


def quota_data(categories) -> dict:
    data = {}
    for category in categories:
        data[f"quota_{category.id}"], data[f"stop_{category.id}"] = hours.rule_of(category.id)
    return data


def rules_context(week_form=None, special_form=None, quotas=None) -> dict:
    """What the rules page shows of the hours (fresh forms unless one came back refused)."""
    categories = active_categories()
    today = clock.today()
    return {"week_form": week_form or WeekForm(data=week_data(), formdata=None),
            "special_form": special_form or SpecialDayForm(formdata=None),
            "quota_form": quotas or quota_form(categories, quota_data(categories)),
            "hours_categories": categories, "special_days": hours.special_days(today),
            "weekday_labels": rules.WEEKDAY_LABELS, "today_plan": hours.plan_for(today)}


def _refused(**forms):
    """The rules page again with the refused form and its messages (400)."""
    return render_template("settings/rules.html", form=rules_form(),
                           **rules_context(**forms)), 400


@bp.post("/hours")
@permission_required(Permission.MANAGE_HALL)
def save_week():
    form = WeekForm()
    if not form.validate_on_submit():
        return _refused(week_form=form)
    hours.set_week(actor(), form.days())
    hours.set_holidays_open(actor(), form.holidays_open.data)
    flash("办公时间已保存", "success")
    return redirect(url_for("settings.rules") + "#hours")


@bp.post("/special-days")
@permission_required(Permission.MANAGE_HALL)
def add_special_day():
    form = SpecialDayForm()
    if not form.validate_on_submit():
        return _refused(special_form=form)
    try:
        hours.save_special_day(actor(), form.day.data, form.sessions.data or "",
                               (form.ticketing_from.data or "").strip() or None, form.label.data)
    except DomainError as exc:
        db.session.rollback()
        field = form.label if "label" in exc.fields else (
            form.ticketing_from if "取号" in exc.message else form.sessions)
        field.errors = list(field.errors) + [exc.message]
        return _refused(special_form=form)
    flash(f"已设置 {form.day.data.isoformat()}（{form.label.data}）", "success")
    return redirect(url_for("settings.rules") + "#special-days")


@bp.post("/special-days/<day>/delete")
@permission_required(Permission.MANAGE_HALL)
def delete_special_day(day: str):
    try:
        hours.delete_special_day(actor(), date.fromisoformat(day))
    except (ValueError, DomainError):
        db.session.rollback()
        flash("没有这个特殊安排", "error")
        return redirect(url_for("settings.rules") + "#special-days")
    flash("已删除特殊安排", "success")
    return redirect(url_for("settings.rules") + "#special-days")


@bp.post("/quotas")
@permission_required(Permission.MANAGE_HALL)
def save_quotas():
    categories = active_categories()
    form = quota_form(categories)
    if not form.validate_on_submit():
        return _refused(quotas=form)
    for category in categories:
        hours.set_category_rule(actor(), category, form[f"quota_{category.id}"].data,
                                form[f"stop_{category.id}"].data)
    flash("取号规则已保存", "success")
    return redirect(url_for("settings.rules") + "#quotas")
