"""HTTP plumbing for every answer: the session cookie's signer, the proxy in front, and the
headers that keep pages out of frames and credentials out of caches."""
from flask import current_app, request, session
from flask.sessions import SecureCookieSessionInterface

DEVICE_CREDENTIALS = "hall.device_credentials"   # app.extensions: (headers, cookies)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, the signer built once per key instead of per request."""

    _built: tuple = (None, None)

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        built_for, serializer = self._built
        if built_for != keys:
            serializer = super().get_signing_serializer(app)
            self._built = (keys, serializer)
        return serializer


def trust_proxies(app) -> None:
    """Behind nginx, take the client's address from X-Forwarded-For (HALL_PROXIES=1).

    Rate limits and the audit log key on the client address, so without this every
    citizen would share the proxy's.
    """
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


# Scripts only from our own files; inline style attributes are allowed (no user data in them).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                           "form-action 'self'; base-uri 'self'; object-src 'none'")


def security_headers(response):
    """Headers every answer carries; nothing answered to a credential is ever cached."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
    if request.endpoint != "static" and _carries_credentials():
        _no_store(headers)
    return response


def _carries_credentials() -> bool:
    """A session user, a bearer token, a wall-screen cookie or a registered device.

    Whatever the answer's type - a page, a case's JSON with its full 身份证号, a CSV export -
    a shared computer's browser cache or a proxy must not keep it. Presence is enough: a
    credential that turns out invalid costs only a cache miss.
    """
    credentials = current_app.extensions.get(DEVICE_CREDENTIALS, ((), ()))
    headers, cookies = credentials
    return bool(session.get("_user_id") or request.headers.get("Authorization")
                or any(request.headers.get(name) for name in headers)
                or any(request.cookies.get(name) for name in cookies))


def register_device_credentials(app, headers=(), cookies=()) -> None:
    """The headers and cookies by which registered devices (kiosks, wall screens, rating
    tablets) prove themselves: answers to them are never cached either."""
    known_headers, known_cookies = app.extensions.get(DEVICE_CREDENTIALS, ((), ()))
    app.extensions[DEVICE_CREDENTIALS] = (known_headers + tuple(headers),
                                          known_cookies + tuple(cookies))


def _no_store(headers) -> None:
    """no-store, keeping what the answer set for itself (the event stream's no-cache)."""
    directives = [d.strip() for d in headers.get("Cache-Control", "").split(",") if d.strip()]
    kept = [d for d in directives if d.lower() in ("no-cache", "no-transform", "private")]
    headers["Cache-Control"] = ", ".join([*kept, "no-store"]) if kept else "no-store"
