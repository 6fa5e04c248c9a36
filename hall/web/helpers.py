"""Small helpers shared by every domain's pages."""
from flask import flash, redirect, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hall.core.actor import Actor
from hall.core.errors import DomainError
from hall.core.extensions import db


class HallForm(FlaskForm):
    """A form whose built-in messages are Chinese."""

    class Meta:
        locales = ["zh_CN", "zh"]

    def service_data(self) -> dict:
        """The fields' values for a service call; empty optional fields take their default."""
        return {name: field.data if field.data is not None else field.default
                for name, field in self._fields.items() if name != "csrf_token"}


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of check boxes (easier to touch than a list box)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        values = set(self.data or [])
        allowed = {value for value, *_ in self.iter_choices()}
        if not values <= allowed:
            raise ValidationError("选项不正确")


def client_address() -> str:
    """The client's address (behind nginx, as HALL_PROXIES lets ProxyFix read it)."""
    return request.remote_addr or ""


def actor() -> Actor:
    """The logged-in user and the request's address, for audit records."""
    return Actor.of(current_user._get_current_object(), client_address())


def request_actor() -> Actor:
    """Whoever asks: the logged-in user, else an anonymous visitor; with the address."""
    if current_user.is_authenticated:
        return actor()
    return Actor(address=client_address())


def show_error(form, exc: DomainError, default_field: str | None = None) -> None:
    """Attach a service's field errors to the form; the rest go to the first field named."""
    for name, message in (exc.fields or {}).items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [message]
    if not exc.fields:
        form.form_errors.append(exc.message)


def save_form(form, save, template: str, *, done, **context):
    """The edit page's shape: show the form; on a valid post call `save(data)`, then flash
    `done(saved)` and redirect to `done`'s second value, or show the refusal on the form.

    `done(saved)` returns (message, url). A refusal rolls back what the service did, so the
    page's answer (400) and the request's boundary agree.
    """
    if form.validate_on_submit():
        try:
            saved = save(form.service_data())
        except DomainError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            message, url = done(saved)
            flash(message, "success")
            return redirect(url)
    return render_template(template, form=form, **context), 400 if form.errors else 200


def flash_outcome(action, success: str) -> bool:
    """Run one service call for a button: flash its refusal (rolled back) or `success`."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return False
    flash(success, "success")
    return True
