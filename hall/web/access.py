"""Who may reach a route: `permission_required` for pages, `public` for everybody.

Only Flask-Login's current_user is asked (`can(permission)`), so every layer above the web
one may use these without knowing the auth domain.
"""
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user


def permission_required(permission):
    """A page for users holding `permission`: others get 403, the anonymous the login."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)
        wrapped.permission = permission
        return wrapped
    return decorator


def public(view):
    """Marks a route as open to everybody, so the route walk can tell."""
    view.is_public = True
    return view
