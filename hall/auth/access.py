"""The session rules every request with a logged-in user passes."""
from datetime import timedelta

from flask import flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from hall.core import clock
from hall.settings import services as settings

# Endpoints a user who must change the password may still reach.
OPEN_DURING_CHANGE = {"auth.change_password", "auth.logout", "static"}


def enforce_session_rules():
    """Before every request with a session: idle expiry, then the forced password change.

    Pages and API actions count as activity; the API reads that screens make on their own
    (GET) do not, so an unattended console still times out.
    """
    if not current_user.is_authenticated:
        return None
    is_api = request.path.startswith("/api/")
    now = clock.now().timestamp()
    idle = timedelta(minutes=settings.get("idle_minutes")).total_seconds()
    if now - session.get("last_seen", now) > idle:
        logout_user()
        session.clear()
        if is_api:
            return None   # the endpoint now sees nobody and answers 401
        flash("长时间未操作，已自动退出，请重新登录", "warning")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if is_api:
        if request.method != "GET":
            session["last_seen"] = now
        return None
    session["last_seen"] = now
    if current_user.must_change_password and request.endpoint not in OPEN_DURING_CHANGE:
        flash("首次登录或密码已过期，请先修改密码", "warning")
        return redirect(url_for("auth.change_password"))
    return None
