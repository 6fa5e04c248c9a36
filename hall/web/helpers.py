"""Small helpers shared by every domain's pages."""
import logging

from flask import request
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from hall.audit.services import Actor
from hall.core.errors import DomainError


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


LINKS_LOG = logging.getLogger("hall.links")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
UNTRUSTED_HOST_WARNING = (
    "手机访问地址 (public_base_url) is not set in 系统设置 and HALL_TRUSTED_HOSTS is unset: "
    "ticket and receipt links and QR codes cannot take their address from the request's "
    "Host header (anyone can forge it) and are printed without one. Set 手机访问地址, or "
    "HALL_TRUSTED_HOSTS to the names this hall is reached by.")
_warned = {"untrusted_host": False}


def public_url(endpoint: str, **values) -> str:
    """An absolute link for phones and devices, printed or put in a QR code."""
    return public_urls((endpoint,), **values)[0]


def public_urls(endpoints, **values) -> list[str]:
    """Links to several endpoints taking the same values (a ticket's pages).

    The address is 系统设置's 手机访问地址; without it, this request's own address only when
    the Host header cannot have been forged to point elsewhere (HALL_TRUSTED_HOSTS makes
    Flask refuse any other Host, and a loopback name leads nowhere but the reader's own
    machine). Otherwise the link is the bare path, and the log says why, once.
    """
    from flask import url_for
    base = link_base()
    # url_for adds the application's root; scheme and host as ProxyFix leaves them
    return [base + url_for(endpoint, **values) for endpoint in endpoints]


def link_base() -> str:
    """`http://host` for printed links, or "" when no trustworthy address is known."""
    from flask import current_app
    from hall.settings import services as settings
    configured = settings.get("public_base_url").rstrip("/")
    if configured:
        return configured
    if current_app.config.get("TRUSTED_HOSTS") or _host_name(request.host) in LOOPBACK_HOSTS:
        return f"{request.scheme}://{request.host}"
    if not _warned["untrusted_host"]:
        _warned["untrusted_host"] = True
        LINKS_LOG.warning(UNTRUSTED_HOST_WARNING)
    return ""


def _host_name(host: str) -> str:
    """The Host header without its port: `[::1]:5000` -> `[::1]`, `a.b:80` -> `a.b`."""
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rsplit(":", 1)[0].lower()


def warn_about_links(app) -> None:
    """Outside debug and tests, say loudly at the first request of each process when
    printed links have no trustworthy address (the setting can change at run time, so
    this cannot be a refusal to start)."""
    if app.debug or app.testing:
        return
    checked = []

    @app.before_request
    def check_link_address():
        if checked:
            return
        checked.append(True)
        from hall.settings import services as settings
        if not settings.get("public_base_url") and not app.config.get("TRUSTED_HOSTS"):
            LINKS_LOG.warning(UNTRUSTED_HOST_WARNING)


def device_link(endpoint: str, token: str) -> str:
    """A one-time registration link for a kiosk or tablet, built like a printed link."""
    return public_url(endpoint, token=token)


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
