"""Small helpers shared by every domain's pages."""
from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .audit.services import Actor
from .errors import DomainError


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


def public_url(endpoint: str, **values) -> str:
    """An absolute link for phones: the hall's public address when set, else this request's."""
    return public_urls((endpoint,), **values)[0]


def public_urls(endpoints, **values) -> list[str]:
    """Absolute links to several endpoints taking the same values (a ticket's pages)."""
    from flask import url_for
    from .settings import services as settings
    # scheme and host as ProxyFix leaves them; url_for adds the application's root
    base = settings.get("public_base_url").rstrip("/") or f"{request.scheme}://{request.host}"
    return [base + url_for(endpoint, **values) for endpoint in endpoints]


def actor() -> Actor:
    """The logged-in user and the request's address, for audit records."""
    return Actor.of(current_user, request.remote_addr or "")


def show_error(form, exc: DomainError, default_field: str | None = None) -> None:
    """Attach a service's field errors to the form; the rest go to the first field named."""
    for name, message in (exc.fields or {}).items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + [message]
    if not exc.fields:
        form.form_errors.append(exc.message)
