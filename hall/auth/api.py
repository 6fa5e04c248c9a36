"""Bearer tokens and the forced password change, for devices and outside platforms."""
from flask import current_app

from hall.auth import services
from hall.core import clock
from hall.core.actor import Actor
from hall.core.database import keep_counted
from hall.core.errors import DomainError
from hall.web import ratelimit
from hall.web.access import public
from hall.web.api import bp, spec
from hall.web.helpers import client_address
from hall.web.responses import error, json_body
from hall.windows.models import windows_of


def _login(username: str, password: str, now):
    """The user, or the API's answer to a failed login (committed: the counts must stick)."""
    try:
        return services.authenticate(username, password, now, client_address()), None
    except services.LoginThrottled as exc:
        keep_counted()
        return None, ratelimit.too_many(exc.retry_after)
    except services.AuthError as exc:
        keep_counted()
        return None, error(401, exc.code, exc.message)


def _credentials(data: dict, *names: str) -> list[str]:
    values = [data.get(name) for name in names]
    missing = {n: "必填" for n, v in zip(names, values) if not isinstance(v, str) or not v}
    if missing:
        raise DomainError("请填写完整", code="invalid", fields=missing)
    return values


@bp.post("/auth/token")
@public
def issue_token():
    username, password = _credentials(json_body(), "username", "password")
    now = clock.now()
    user, refusal = _login(username, password, now)
    if refusal:
        return refusal
    if user.must_change_password:
        keep_counted()   # the login itself succeeded: its counts are reset
        return error(403, "password_change_required", "首次登录或密码已过期，请先修改密码")
    plain, token = services.issue_token(user, now, current_app.config["API_TOKEN_HOURS"])
    return {"token": plain, "expires_at": clock.local(token.expires_at).isoformat(),
            "user": {"username": user.username, "role": user.role,
                     "windows": [w.no for w in windows_of(user)]}}


@bp.post("/auth/password")
@public
def change_password():
    username, old, new = _credentials(json_body(), "username", "old_password", "new_password")
    now = clock.now()
    user, refusal = _login(username, old, now)
    if refusal:
        return refusal
    services.change_password(Actor.of(user, client_address()), old, new, now)
    return {"ok": True, "username": user.username}


spec.add_schemas({
    "TokenRequest": {"type": "object", "required": ["username", "password"],
                     "properties": {"username": {"type": "string"},
                                    "password": {"type": "string"}}},
    "PasswordChange": {"type": "object",
                       "required": ["username", "old_password", "new_password"],
                       "properties": {k: {"type": "string"}
                                      for k in ("username", "old_password", "new_password")}},
    "Token": {"type": "object", "properties": {
        "token": {"type": "string"}, "expires_at": {"type": "string", "format": "date-time"},
        "user": {"type": "object", "properties": {
            "username": {"type": "string"}, "role": {"type": "string"},
            "windows": {"type": "array", "items": {"type": "integer"}}}}}},
})
spec.add_paths({
    "/api/v1/auth/token": {"post": {
        "summary": "以用户名和密码换取令牌", "tags": ["auth"],
        "requestBody": spec.json_body(spec.ref("TokenRequest")),
        "responses": {"200": spec.json_response("令牌", spec.ref("Token")),
                      **spec.error_responses(400, 401, 403, 429)}}},
    "/api/v1/auth/password": {"post": {
        "summary": "修改密码（首次登录强制修改）", "tags": ["auth"],
        "requestBody": spec.json_body(spec.ref("PasswordChange")),
        "responses": {"200": spec.json_response("已修改"),
                      **spec.error_responses(400, 401, 429)}}},
})
