"""Links printed on paper or put in QR codes: absolute, from the hall's 手机访问地址 setting."""
import logging

from flask import current_app, request, url_for

from hall.settings import services as settings

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
    base = link_base()
    # url_for adds the application's root; scheme and host as ProxyFix leaves them
    return [base + url_for(endpoint, **values) for endpoint in endpoints]


def link_base() -> str:
    """`http://host` for printed links, or "" when no trustworthy address is known."""
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
        if not settings.get("public_base_url") and not app.config.get("TRUSTED_HOSTS"):
            LINKS_LOG.warning(UNTRUSTED_HOST_WARNING)


def device_link(endpoint: str, token: str) -> str:
    """A one-time registration link for a kiosk or tablet, built like a printed link."""
    return public_url(endpoint, token=token)
