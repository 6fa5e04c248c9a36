"""Bearer tokens: POST /api/v1/auth/token, POST /api/v1/auth/password, and token checks."""
import hashlib
from datetime import datetime, timedelta

import pytest
from flask import g

from hall.auth import services
from hall.auth.models import ApiToken, User
from hall.auth.passwords import verify_password
from hall.auth.services import LOGIN_FAILED
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.core.roles import Permission
from hall.web.api import api_user, token_required
from tests.auth.helpers import committed_count, committed_row
from tests.conftest import STRONG_PASSWORD

NEW_PASSWORD = "Better-Pass-77"
TOKEN_URL = "/api/v1/auth/token"
PASSWORD_URL = "/api/v1/auth/password"


def _error(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["fields"], dict)
    return body["error"]


def _token(client, username: str, password: str = STRONG_PASSWORD):
    return client.post(TOKEN_URL, json={"username": username, "password": password})


# --- issuing tokens -------------------------------------------------------------------

def test_token_for_good_credentials(client, make, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = make.user(role="staff")
    second = make.window(no=7, staff_b_id=user.id)
    first = make.window(no=3, staff_a_id=user.id)
    make.window(no=9)                                   # somebody else's window
    db.session.commit()

    response = _token(client, user.username)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["user"] == {"username": user.username, "role": "staff",
                            "windows": [first.no, second.no]}
    assert body["expires_at"] == "2026-03-02T21:00:00+08:00"    # 12 hours, hall time
    assert datetime.fromisoformat(body["expires_at"]) == moment + timedelta(hours=12)
    assert len(body["token"]) >= 32

    digest = hashlib.sha256(body["token"].encode()).hexdigest()
    row = committed_row(ApiToken, ApiToken.user_id == user.id)
    assert row.token_hash == digest                      # only the hash is kept
    assert row.expires_at == moment + timedelta(hours=12)
    assert committed_count(ApiToken, ApiToken.token_hash == body["token"]) == 0
    assert services.user_for_token(body["token"], clock.now()).id == user.id


def test_each_request_gets_a_new_token(client, make):
    user = make.user(role="manager")
    db.session.commit()
    first, second = _token(client, user.username), _token(client, user.username)
    assert first.get_json()["token"] != second.get_json()["token"]
    assert first.get_json()["user"]["windows"] == []
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 2


def test_wrong_password_gives_401_in_the_contract_shape(client, make):
    user = make.user()
    db.session.commit()
    response = _token(client, user.username, "Wrong-2026")
    assert response.status_code == 401
    error = _error(response)
    assert error["code"] == "invalid_credentials"
    assert error["message"] == LOGIN_FAILED
    assert committed_count(ApiToken) == 0
    assert committed_row(User, User.id == user.id).failed_logins == 1


def test_unknown_or_disabled_user_gets_401(client, make):
    disabled = make.user(is_enabled=False)
    db.session.commit()
    for username in ("nobody", disabled.username):
        response = _token(client, username)
        assert response.status_code == 401
        assert _error(response) == {"code": "invalid_credentials",
                                    "message": LOGIN_FAILED, "fields": {}}
    assert committed_count(ApiToken) == 0


@pytest.mark.parametrize("payload, missing", [
    ({}, {"username", "password"}),
    ({"username": "staff1"}, {"password"}),
    ({"password": STRONG_PASSWORD}, {"username"}),
    ({"username": "", "password": ""}, {"username", "password"}),
    ({"username": 12, "password": ["x"]}, {"username", "password"}),
])
def test_missing_fields_give_400_with_fields(client, make, payload, missing):
    make.user(username="staff1")
    db.session.commit()
    response = client.post(TOKEN_URL, json=payload)
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert error["message"] == "请填写完整"
    assert error["fields"] == {name: "必填" for name in missing}
    assert committed_row(User, User.username == "staff1").failed_logins == 0


def test_body_that_is_not_a_json_object_gives_400(client):
    for kwargs in ({"data": "username=a&password=b"}, {"json": ["a", "b"]}):
        response = client.post(TOKEN_URL, **kwargs)
        assert response.status_code == 400
        error = _error(response)
        assert error["code"] == "invalid_json"
        assert error["message"] == "请求体须为 JSON 对象"


def test_token_endpoint_needs_no_csrf(app, client, make):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        user = make.user()
        db.session.commit()
        assert _token(client, user.username).status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_token_endpoint_is_post_only(client):
    response = client.get(TOKEN_URL)
    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"
    missing = client.get("/api/v1/auth/no-such-thing")
    assert missing.status_code == 404
    assert _error(missing)["code"] == "not_found"


# --- forced change through the API ------------------------------------------------------

def test_user_who_must_change_gets_403_and_no_token(client, make):
    user = make.user(must_change_password=True)
    db.session.commit()
    response = _token(client, user.username)
    assert response.status_code == 403
    error = _error(response)
    assert error["code"] == "password_change_required"
    assert error["message"] == "首次登录或密码已过期，请先修改密码"
    assert committed_count(ApiToken) == 0


def test_expired_password_gets_403_through_the_api(client, make, freeze_time):
    start = freeze_time("2026-01-05 09:00")
    user = make.user()
    db.session.commit()
    freeze_time(start + timedelta(days=91))
    response = _token(client, user.username)
    assert response.status_code == 403
    assert _error(response)["code"] == "password_change_required"
    assert committed_row(User, User.id == user.id).must_change_password is True
    assert committed_count(ApiToken) == 0


def test_password_change_through_the_api_then_the_token_works(client, make, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = make.user(must_change_password=True)
    db.session.commit()

    response = client.post(PASSWORD_URL, json={"username": user.username,
                                               "old_password": STRONG_PASSWORD,
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "username": user.username}
    row = committed_row(User, User.id == user.id)
    assert row.must_change_password is False
    assert row.password_changed_at == moment
    assert verify_password(row.password_hash, NEW_PASSWORD)

    assert _token(client, user.username, STRONG_PASSWORD).status_code == 401
    token = _token(client, user.username, NEW_PASSWORD)
    assert token.status_code == 200
    assert services.user_for_token(token.get_json()["token"], clock.now()).id == user.id


@pytest.mark.parametrize("new_password, message", [
    ("abcdefgh", "密码需包含大写字母、小写字母、数字、符号中的至少三类"),
    ("Ab1!", "密码至少需要 8 个字符"),
    (STRONG_PASSWORD, "新密码不能与原密码相同"),
    ("Aa1!" + "x" * 125, "密码不能超过 128 个字符"),
])
def test_weak_new_password_gives_400_with_the_field(client, make, new_password, message):
    user = make.user(must_change_password=True)
    db.session.commit()
    before = committed_row(User, User.id == user.id)
    response = client.post(PASSWORD_URL, json={"username": user.username,
                                               "old_password": STRONG_PASSWORD,
                                               "new_password": new_password})
    assert response.status_code == 400
    error = _error(response)
    assert error["message"] == message
    assert error["fields"] == {"new_password": message}
    after = committed_row(User, User.id == user.id)
    assert after.password_hash == before.password_hash
    assert after.must_change_password is True
    assert after.last_login_at is None       # the rolled-back login left nothing


def test_new_password_containing_the_username_is_refused(client, make):
    make.user(username="sunqi", must_change_password=True)
    db.session.commit()
    response = client.post(PASSWORD_URL, json={"username": "sunqi",
                                               "old_password": STRONG_PASSWORD,
                                               "new_password": "Sunqi-2026!"})
    assert response.status_code == 400
    assert _error(response)["fields"] == {"new_password": "密码不能包含用户名"}


def test_wrong_old_password_gives_401_and_counts(client, make):
    user = make.user(must_change_password=True)
    db.session.commit()
    before = committed_row(User, User.id == user.id)
    response = client.post(PASSWORD_URL, json={"username": user.username,
                                               "old_password": "Wrong-Old-1",
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 401
    assert _error(response)["code"] == "invalid_credentials"
    after = committed_row(User, User.id == user.id)
    assert after.password_hash == before.password_hash
    assert after.failed_logins == 1


def test_password_change_missing_fields(client):
    response = client.post(PASSWORD_URL, json={"username": "x"})
    assert response.status_code == 400
    assert _error(response)["fields"] == {"old_password": "必填", "new_password": "必填"}


# --- lockout ----------------------------------------------------------------------------

def test_lockout_applies_to_the_token_endpoint(client, make, freeze_time):
    start = freeze_time("2026-03-02 09:00")
    user = make.user()
    db.session.commit()
    for _ in range(4):
        assert _token(client, user.username, "Wrong-2026").status_code == 401
    fifth = _token(client, user.username, "Wrong-2026")
    assert fifth.status_code == 401
    assert _error(fifth) == {"code": "invalid_credentials", "message": LOGIN_FAILED,
                             "fields": {}}
    assert committed_row(User, User.id == user.id).locked_until is not None

    right = _token(client, user.username)     # locked: the same answer as a wrong password
    assert right.status_code == 401 and _error(right) == _error(fifth)
    locked_change = client.post(PASSWORD_URL, json={"username": user.username,
                                                    "old_password": STRONG_PASSWORD,
                                                    "new_password": NEW_PASSWORD})
    assert locked_change.status_code == 401 and _error(locked_change) == _error(fifth)
    assert committed_count(ApiToken) == 0

    freeze_time(start + timedelta(minutes=15))
    assert _token(client, user.username).status_code == 200


def test_web_and_api_failures_count_together(client, make):
    user = make.user()
    db.session.commit()
    for _ in range(3):
        client.post("/login", data={"username": user.username, "password": "Wrong-2026"})
    for _ in range(2):
        _token(client, user.username, "Wrong-2026")
    response = _token(client, user.username)
    assert response.status_code == 401 and _error(response)["message"] == LOGIN_FAILED
    assert committed_row(User, User.id == user.id).locked_until is not None


def test_password_endpoint_failures_lock_too(client, make):
    user = make.user()
    db.session.commit()
    for _ in range(5):
        response = client.post(PASSWORD_URL, json={"username": user.username,
                                                   "old_password": "Wrong-2026",
                                                   "new_password": NEW_PASSWORD})
        assert response.status_code == 401
    assert _error(response)["message"] == LOGIN_FAILED
    assert committed_row(User, User.id == user.id).locked_until is not None


# --- token checks -------------------------------------------------------------------------

def _issue(user, hours: int = 12) -> str:
    plain, _ = services.issue_token(user, clock.now(), hours)
    db.session.commit()
    return plain


def test_token_is_valid_until_it_expires(make, freeze_time):
    start = freeze_time("2026-03-02 09:00")
    user = make.user()
    plain = _issue(user)
    assert services.user_for_token(plain, clock.now()) is user
    assert services.user_for_token(plain, start + timedelta(hours=11, minutes=59)) is user
    freeze_time(start + timedelta(hours=12))
    assert services.user_for_token(plain, clock.now()) is None


def test_unknown_token_is_refused(make):
    user = make.user()
    _issue(user)
    assert services.user_for_token("not-a-token", clock.now()) is None
    assert services.user_for_token("", clock.now()) is None


def test_token_of_disabled_or_must_change_user_is_refused_but_not_of_a_locked_one(
        make, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    disabled, locked, must_change = make.user(), make.user(), make.user()
    tokens = {u.id: _issue(u) for u in (disabled, locked, must_change)}
    disabled.is_enabled = False
    locked.locked_until = moment + timedelta(minutes=5)
    must_change.must_change_password = True
    db.session.commit()
    for user in (disabled, must_change):
        assert services.user_for_token(tokens[user.id], moment) is None
    # A lockout stops new logins; it does not cut off a device already logged in.
    assert services.user_for_token(tokens[locked.id], moment) is locked


def test_change_password_revokes_the_users_tokens_only(make):
    user, other = make.user(), make.user()
    first, second, others = _issue(user), _issue(user), _issue(other)
    services.change_password(Actor.of(user), STRONG_PASSWORD, NEW_PASSWORD, clock.now())
    db.session.commit()
    assert services.user_for_token(first, clock.now()) is None
    assert services.user_for_token(second, clock.now()) is None
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0
    assert services.user_for_token(others, clock.now()) is other


def test_api_password_change_revokes_tokens(client, make):
    user = make.user()
    plain = _issue(user)
    response = client.post(PASSWORD_URL, json={"username": user.username,
                                               "old_password": STRONG_PASSWORD,
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 200
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0
    assert services.user_for_token(plain, clock.now()) is None


def test_disabling_a_user_revokes_tokens(make):
    from hall.core.actor import Actor
    admin, user = make.user(role="admin"), make.user()
    plain = _issue(user)
    services.update_user(Actor.of(admin), user, {"name": user.name, "staff_no": "",
                                                 "role": "staff", "is_enabled": False})
    db.session.commit()
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0
    assert services.user_for_token(plain, clock.now()) is None


# --- the bearer header, as API endpoints see it ----------------------------------------------

def test_bearer_header_identifies_the_user(app, make):
    user = make.user()
    plain = _issue(user)
    with app.test_request_context("/api/v1/x", headers={"Authorization": f"Bearer {plain}"}):
        assert api_user() is user
    with app.test_request_context("/api/v1/x", headers={"Authorization": f"bearer  {plain} "}):
        assert api_user() is user
    for header in ("Bearer wrong", f"Basic {plain}", plain, ""):
        with app.test_request_context("/api/v1/x", headers={"Authorization": header}):
            assert api_user() is None


def test_token_required_answers_401_and_403(app, make):
    staff, manager = make.user(role="staff"), make.user(role="manager")
    staff_token, manager_token = _issue(staff), _issue(manager)

    @token_required(Permission.MANAGE_HALL)
    def stats():
        return {"user": g.api_user.username}

    def call(header: str):
        with app.test_request_context("/api/v1/stats/today", headers={"Authorization": header}):
            return app.make_response(stats())

    missing = call("")
    assert missing.status_code == 401
    assert missing.get_json()["error"]["code"] == "unauthorized"
    forbidden = call(f"Bearer {staff_token}")
    assert forbidden.status_code == 403
    assert forbidden.get_json()["error"]["code"] == "forbidden"
    allowed = call(f"Bearer {manager_token}")
    assert allowed.status_code == 200
    assert allowed.get_json() == {"user": manager.username}
