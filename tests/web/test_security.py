"""Security headers, and every route declares who may use it."""
import re

import pytest

# Routes anybody may use: the public kiosk, guide, phone pages, display and public API.
PLACEHOLDERS = {"int": "1", "default": "x", "string": "x", "path": "x", "any": "recall"}


def test_pages_carry_the_security_headers(client):
    response = client.get("/kiosk")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_staff_pages_are_not_cached(client, login_as):
    login_as("admin")
    assert client.get("/staff").headers["Cache-Control"] == "no-store"


def test_no_template_has_an_inline_script_or_handler(app):
    from pathlib import Path
    for path in Path(app.root_path, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+=\"", text), path


def _concrete(rule) -> str:
    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>",
                  lambda m: PLACEHOLDERS.get(m.group(1) or "default", "x"), rule.rule)


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, view, method


def test_every_route_declares_who_may_use_it(app):
    undeclared = [f"{method} {rule.rule}" for rule, view, method in _routes(app)
                  if not (getattr(view, "is_public", False) or getattr(view, "permission", None)
                          or getattr(view, "__name__", "") in LOGIN_ONLY)]
    assert undeclared == []


LOGIN_ONLY = {"workbench", "change_password", "console"}   # any logged-in user, then own checks


def test_the_anonymous_are_turned_away_from_every_non_public_route(app, client):
    for rule, view, method in _routes(app):
        if getattr(view, "is_public", False):
            continue
        response = client.open(_concrete(rule), method=method)
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, f"{method} {rule.rule}"
        else:
            assert response.status_code in (302, 401), f"{method} {rule.rule}"
            if response.status_code == 302:
                assert "/login" in response.headers["Location"], f"{method} {rule.rule}"


@pytest.mark.parametrize("role", ["admin", "manager", "staff", "auditor"])
def test_every_wrong_role_is_refused(app, client, auth, role):
    from hall.core.roles import Permission, permissions_of
    auth.login_as(role)
    held = permissions_of(role)
    for rule, view, method in _routes(app):
        needed = getattr(view, "permission", None)
        if not isinstance(needed, Permission) or held & needed:
            continue
        response = client.open(_concrete(rule), method=method)
        assert response.status_code == 403, f"{role}: {method} {rule.rule}"
