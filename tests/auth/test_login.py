"""Login, lockout, forced password change, expiry, idle sessions, logout, redirects, CSRF."""
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from hall.audit.models import AuditEntry
from hall.auth.models import User
from hall.auth.passwords import verify_password
from hall.auth.services import LOGIN_FAILED
from hall.core.actor import Actor
from hall.core.extensions import db
from hall.settings import services as settings
from tests.auth.helpers import committed_count, committed_row, csrf_token_in, text_of
from tests.conftest import STRONG_PASSWORD

NEW_PASSWORD = "Better-Pass-77"
BAD_CREDENTIALS = "用户名或密码错误"
IDLE_MESSAGE = "长时间未操作，已自动退出，请重新登录"
FORCED_MESSAGE = "首次登录或密码已过期，请先修改密码"


def _user_row(user_id: int):
    return committed_row(User, User.id == user_id)


def _set(key: str, value) -> None:
    settings.update(Actor.system("test"), {key: value})
    db.session.commit()


def _logged_in(client) -> bool:
    """Whether the client's session reaches the workbench."""
    response = client.get("/staff")
    assert response.status_code in (200, 302)
    return response.status_code == 200


# --- plain login ------------------------------------------------------------------------

def test_login_page_is_public(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "工作人员登录" in text_of(response)


def test_successful_login_goes_home_then_to_the_workbench(client, make, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = make.user(role="staff")
    db.session.commit()

    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"] == "/staff"
    assert client.get("/staff").status_code == 200

    row = _user_row(user.id)
    assert row.last_login_at == moment
    assert row.failed_logins == 0
    assert committed_count(AuditEntry, AuditEntry.action == "auth.login",
                           AuditEntry.result == "ok", AuditEntry.user_id == user.id) == 1


def test_username_is_trimmed(client, make):
    user = make.user()
    db.session.commit()
    response = client.post("/login", data={"username": f"  {user.username} ",
                                           "password": STRONG_PASSWORD})
    assert response.status_code == 302


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/staff")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/staff"]


def test_one_clients_login_does_not_log_in_another(app, login_as):
    login_as("staff")
    stranger = app.test_client()
    assert stranger.get("/staff").status_code == 302


def test_wrong_password_is_refused_in_chinese_with_401(client, make):
    user = make.user()
    db.session.commit()
    response = client.post("/login", data={"username": user.username, "password": "Wrong-2026"})
    assert response.status_code == 401
    assert LOGIN_FAILED in text_of(response) and "再错" not in text_of(response)
    assert _user_row(user.id).failed_logins == 1
    assert not _logged_in(client)
    assert committed_count(AuditEntry, AuditEntry.action == "auth.login",
                           AuditEntry.result == "failed") == 1


def test_unknown_user_gets_the_same_message_without_a_count(client):
    response = client.post("/login", data={"username": "nobody", "password": "Wrong-2026"})
    assert response.status_code == 401
    page = text_of(response)
    assert LOGIN_FAILED in page
    assert "再错" not in page
    assert committed_count(User) == 0


def test_empty_login_form_shows_required_fields(client):
    response = client.post("/login", data={"username": "", "password": ""})
    assert response.status_code == 400
    assert "此项为必填项" in text_of(response)
    assert not _logged_in(client)


def test_disabled_user_cannot_log_in(client, make):
    user = make.user(is_enabled=False)
    db.session.commit()
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD})
    assert response.status_code == 401
    assert BAD_CREDENTIALS in text_of(response)
    assert not _logged_in(client)
    assert _user_row(user.id).last_login_at is None


def test_user_disabled_during_a_session_is_logged_out(client, login_as):
    user = login_as("staff")
    assert _logged_in(client)
    user.is_enabled = False
    db.session.commit()
    response = client.get("/staff")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


# --- next parameter -------------------------------------------------------------------

def _login_with_next(client, make, target: str):
    user = make.user()
    db.session.commit()
    return client.post("/login", query_string={"next": target},
                       data={"username": user.username, "password": STRONG_PASSWORD})


@pytest.mark.parametrize("target", ["/staff", "/admin/users/", "/audit/?action=auth.login"])
def test_next_allows_same_site_paths(client, make, target):
    response = _login_with_next(client, make, target)
    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", [
    "//evil.example",
    "//evil.example/login",
    "https://evil.example/",
    "http://localhost/staff",      # absolute URLs are refused too, even to ourselves
    "http:evil.example",
    "javascript:alert(1)",
    "evil.example",
    "staff",
    "",
])
def test_next_refuses_other_sites(client, make, target):
    response = _login_with_next(client, make, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/\\evil.example", "/\t/evil.example", "/%2F/evil.example"])
def test_next_tricks_stay_on_site(client, make, target):
    response = _login_with_next(client, make, target)
    assert response.status_code == 302
    location = response.headers["Location"]
    browser_view = urlsplit(location.replace("\\", "/").replace("\t", ""))
    assert not browser_view.scheme and not browser_view.netloc
    assert location.startswith("/") and not location.replace("\\", "/").startswith("//")


# --- lockout ----------------------------------------------------------------------------

def _error_text(response) -> str:
    """The message under the password field."""
    match = re.search(r'<ul class="errors"[^>]*><li>([^<]+)</li>', text_of(response))
    assert match, "no error message on the page"
    return match.group(1)


def _fail(client, username: str, times: int):
    response = None
    for _ in range(times):
        response = client.post("/login", data={"username": username, "password": "Wrong-2026"})
        assert response.status_code == 401
    return response


def test_five_failures_lock_the_account_even_for_the_right_password(client, make, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = make.user()
    db.session.commit()

    answers = [_error_text(_fail(client, user.username, 1)) for _ in range(5)]
    assert answers == [LOGIN_FAILED] * 5           # nothing tells how many tries are left

    row = _user_row(user.id)
    assert row.locked_until == moment + timedelta(minutes=15)
    assert committed_count(AuditEntry, AuditEntry.action == "auth.lock",
                           AuditEntry.user_id == user.id) == 1

    right = client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert right.status_code == 401
    assert _error_text(right) == LOGIN_FAILED       # locked: the same answer
    assert not _logged_in(client)
    assert _user_row(user.id).last_login_at is None


def test_lock_expires_after_the_configured_minutes(client, make, freeze_time):
    start = freeze_time("2026-03-02 09:00")
    _set("lockout_minutes", 30)
    user = make.user()
    db.session.commit()
    _fail(client, user.username, 5)
    assert _user_row(user.id).locked_until == start + timedelta(minutes=30)

    freeze_time(start + timedelta(minutes=29))
    still = client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert still.status_code == 401 and _error_text(still) == LOGIN_FAILED

    freeze_time(start + timedelta(minutes=30))
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD})
    assert response.status_code == 302
    assert _logged_in(client)
    row = _user_row(user.id)
    assert row.locked_until is None and row.failed_logins == 0


def test_success_resets_the_failure_count(client, make):
    user = make.user()
    db.session.commit()
    _fail(client, user.username, 4)
    assert client.post("/login", data={"username": user.username,
                                       "password": STRONG_PASSWORD}).status_code == 302
    client.post("/logout")
    _fail(client, user.username, 4)
    assert _user_row(user.id).failed_logins == 4
    assert _user_row(user.id).locked_until is None


def test_admin_unlocks_a_locked_account(app, client, make, login_as, freeze_time):
    freeze_time("2026-03-02 09:00")
    user = make.user()
    db.session.commit()
    victim = app.test_client()
    _fail(victim, user.username, 5)
    assert _user_row(user.id).locked_until is not None

    login_as("admin")
    response = client.post(f"/admin/users/{user.id}/unlock")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{user.id}"
    assert f"已解锁“{user.username}”" in text_of(client.get(response.headers["Location"]))
    row = _user_row(user.id)
    assert row.locked_until is None and row.failed_logins == 0
    assert committed_count(AuditEntry, AuditEntry.action == "user.unlock") == 1

    assert victim.post("/login", data={"username": user.username,
                                       "password": STRONG_PASSWORD}).status_code == 302


@pytest.mark.parametrize("role", ["manager", "staff", "auditor"])
def test_only_the_admin_can_unlock(app, client, make, login_as, role):
    user = make.user()
    db.session.commit()
    _fail(app.test_client(), user.username, 5)
    login_as(role)
    assert client.post(f"/admin/users/{user.id}/unlock").status_code == 403
    assert _user_row(user.id).locked_until is not None


# --- forced password change -------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/staff", "/admin/users/", "/audit/", "/kiosk",
                                  "/login"])
def test_must_change_user_is_sent_to_the_password_page(client, login_as, path):
    login_as("admin", must_change_password=True)
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password"
    page = client.get("/account/password")
    assert page.status_code == 200
    assert FORCED_MESSAGE in text_of(page)


def test_must_change_user_cannot_post_elsewhere(client, login_as):
    login_as("admin", must_change_password=True)
    response = client.post("/admin/departments/new", data={"code": "MZ", "name": "县民政局"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password"
    from hall.items.models import Department
    assert committed_count(Department) == 0


@pytest.mark.parametrize("form, field_message", [
    ({"old_password": "Wrong-Old-1", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
     "原密码不正确"),
    ({"old_password": STRONG_PASSWORD, "new_password": "abcdefgh", "confirm": "abcdefgh"},
     "密码需包含大写字母、小写字母、数字、符号中的至少三类"),
    ({"old_password": STRONG_PASSWORD, "new_password": "Ab1!", "confirm": "Ab1!"},
     "密码至少需要 8 个字符"),
    ({"old_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD, "confirm": "Other-Pass-77"},
     "两次输入的新密码不一致"),
    ({"old_password": STRONG_PASSWORD, "new_password": STRONG_PASSWORD,
      "confirm": STRONG_PASSWORD}, "新密码不能与原密码相同"),
    ({"old_password": STRONG_PASSWORD, "new_password": "", "confirm": ""}, "此项为必填项"),
])
def test_bad_password_change_is_refused_and_changes_nothing(client, login_as, form,
                                                             field_message):
    user = login_as("staff", must_change_password=True)
    before = _user_row(user.id)

    response = client.post("/account/password", data=form)
    assert response.status_code == 400
    assert field_message in text_of(response)

    after = _user_row(user.id)
    assert after.password_hash == before.password_hash
    assert after.must_change_password is True
    assert after.password_changed_at == before.password_changed_at
    assert committed_count(AuditEntry, AuditEntry.action == "user.change_password") == 0
    assert client.get("/staff").headers["Location"] == "/account/password"


def test_new_password_may_not_contain_the_username(client, login_as):
    user = login_as("staff", username="zhaoliu", must_change_password=True)
    response = client.post("/account/password", data={
        "old_password": STRONG_PASSWORD, "new_password": "Zhaoliu-2026",
        "confirm": "Zhaoliu-2026"})
    assert response.status_code == 400
    assert "密码不能包含用户名" in text_of(response)
    assert _user_row(user.id).must_change_password is True


def test_password_change_lets_the_user_in(app, client, login_as, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = login_as("staff", must_change_password=True)
    assert client.get("/staff").status_code == 302

    freeze_time(moment + timedelta(minutes=2))
    response = client.post("/account/password", data={
        "old_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/staff").status_code == 200

    row = _user_row(user.id)
    assert row.must_change_password is False
    assert row.password_changed_at == moment + timedelta(minutes=2)
    assert verify_password(row.password_hash, NEW_PASSWORD)
    entry = db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "user.change_password"))
    assert (entry.object_type, entry.object_id, entry.user_id) == ("User", str(user.id), user.id)

    fresh = app.test_client()
    old = fresh.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert old.status_code == 401
    new = fresh.post("/login", data={"username": user.username, "password": NEW_PASSWORD})
    assert new.status_code == 302
    assert fresh.get("/staff").status_code == 200


def test_logout_is_possible_during_the_forced_change(client, login_as):
    login_as("staff", must_change_password=True)
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert client.get("/account/password").status_code == 302   # login_required now


# --- password age ----------------------------------------------------------------------

def test_password_older_than_max_age_forces_a_change(client, make, freeze_time):
    start = freeze_time("2026-01-05 09:00")
    user = make.user()
    db.session.commit()
    assert _user_row(user.id).password_changed_at == start

    freeze_time(start + timedelta(days=91))
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD})
    assert response.status_code == 302
    assert client.get("/staff").headers["Location"] == "/account/password"
    assert _user_row(user.id).must_change_password is True

    assert client.post("/account/password", data={
        "old_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD}).status_code == 302
    assert client.get("/staff").status_code == 200


def test_password_younger_than_max_age_is_fine(client, make, freeze_time):
    start = freeze_time("2026-01-05 09:00")
    user = make.user()
    db.session.commit()
    freeze_time(start + timedelta(days=89))
    client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert client.get("/staff").status_code == 200
    assert _user_row(user.id).must_change_password is False


@pytest.mark.parametrize("max_age, days_later, forced", [
    (30, 31, True),
    (30, 29, False),
    (0, 400, False),     # 0: passwords never expire
])
def test_password_max_age_is_a_setting(client, make, freeze_time, max_age, days_later, forced):
    start = freeze_time("2026-01-05 09:00")
    _set("password_max_age_days", max_age)
    user = make.user()
    db.session.commit()
    freeze_time(start + timedelta(days=days_later))
    client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert (client.get("/staff").status_code == 302) is forced
    assert _user_row(user.id).must_change_password is forced


# --- idle sessions --------------------------------------------------------------------

def test_idle_session_expires(client, login_as, freeze_time):
    start = freeze_time("2026-03-02 09:00")
    login_as("staff")
    assert client.get("/staff").status_code == 200

    freeze_time(start + timedelta(minutes=31))
    response = client.get("/staff")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/staff"]
    assert IDLE_MESSAGE in text_of(client.get(response.headers["Location"]))
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert not _logged_in(client)


def test_activity_keeps_the_session_alive(client, login_as, freeze_time):
    start = freeze_time("2026-03-02 09:00")
    login_as("staff")
    for minutes in (29, 58, 87):
        freeze_time(start + timedelta(minutes=minutes))
        assert client.get("/staff").status_code == 200


def test_idle_minutes_is_a_setting(client, login_as, freeze_time):
    start = freeze_time("2026-03-02 09:00")
    _set("idle_minutes", 60)
    login_as("staff")
    freeze_time(start + timedelta(minutes=59))
    assert client.get("/staff").status_code == 200
    freeze_time(start + timedelta(minutes=59 + 61))
    response = client.get("/staff")
    assert response.status_code == 302
    assert IDLE_MESSAGE in text_of(client.get(response.headers["Location"]))


# --- logout ---------------------------------------------------------------------------

def test_logout_must_be_a_post(client, login_as):
    login_as("staff")
    assert client.get("/logout").status_code == 405
    assert _logged_in(client)


def test_logout_clears_the_session(client, login_as):
    login_as("staff")
    with client.session_transaction() as session:
        assert "_user_id" in session and "last_seen" in session
    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    with client.session_transaction() as session:
        assert "_user_id" not in session
        assert "last_seen" not in session
    assert "已安全退出" in text_of(client.get("/login"))
    assert not _logged_in(client)


# --- CSRF -----------------------------------------------------------------------------

@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_login_without_csrf_token_is_refused(client, make, csrf_on):
    user = make.user()
    db.session.commit()
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD})
    assert response.status_code == 400
    assert "页面已过期或来源不明，请刷新页面后重新提交" in text_of(response)
    assert not _logged_in(client)
    row = _user_row(user.id)
    assert row.last_login_at is None and row.failed_logins == 0


def test_login_with_a_wrong_csrf_token_is_refused(client, make, csrf_on):
    user = make.user()
    db.session.commit()
    client.get("/login")
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400
    assert not _logged_in(client)


def test_login_with_the_pages_csrf_token_works(client, make, csrf_on):
    user = make.user()
    db.session.commit()
    token = csrf_token_in(text_of(client.get("/login")))
    response = client.post("/login", data={"username": user.username,
                                           "password": STRONG_PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert _logged_in(client)


def test_logout_and_password_change_need_the_csrf_token(client, make, csrf_on):
    user = make.user(must_change_password=True)
    db.session.commit()
    token = csrf_token_in(text_of(client.get("/login")))
    client.post("/login", data={"username": user.username, "password": STRONG_PASSWORD,
                                "csrf_token": token})
    assert client.post("/account/password", data={
        "old_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD}).status_code == 400
    assert _user_row(user.id).must_change_password is True
    assert client.post("/logout").status_code == 400
    with client.session_transaction() as session:
        assert session.get("_user_id") == f"{user.id}.{user.session_version}"


# --- next= that would split the Location header ------------------------------------------

@pytest.mark.parametrize("target", [
    "/staff\r\nSet-Cookie: stolen=1", "/staff\nLocation: https://evil.example", "/staff\r",
    "/staff\u2028x", "/staff\x7f", "/\\/evil.example", "/" + "a" * 3000,
])
def test_next_with_control_characters_goes_home(client, make, target):
    response = _login_with_next(client, make, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "stolen" not in response.headers.get("Set-Cookie", "")
    assert _logged_in(client)
