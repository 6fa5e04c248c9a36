"""Sessions that end: logout, a password change, a reset or a disable end every session and
token of the account at once (a copied cookie included); a lockout leaves tokens alone."""
from datetime import timedelta

from hall.audit.models import AuditEntry
from hall.auth import services
from hall.auth.models import ApiToken, User
from hall.core import clock
from hall.core.actor import Actor
from hall.core.extensions import db
from tests.auth.helpers import committed_count, committed_row
from tests.conftest import STRONG_PASSWORD

NEW_PASSWORD = "Better-Pass-77"
ADMIN = Actor.system("test")


def _copy_of(app, client):
    """Another browser holding a copy of the client's session cookie."""
    name = app.config["SESSION_COOKIE_NAME"]
    thief = app.test_client()
    thief.set_cookie(name, client.get_cookie(name).value)
    return thief


def _reaches_dashboard(browser) -> bool:
    response = browser.get("/dashboard")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
    return response.status_code == 200


def _token(client, username: str, password: str = STRONG_PASSWORD) -> str:
    response = client.post("/api/v1/auth/token", json={"username": username,
                                                       "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


def _api(app, token: str) -> int:
    """The status a device gets with its bearer token."""
    return app.test_client().get("/api/v1/cases",
                                 headers={"Authorization": f"Bearer {token}"}).status_code


def test_a_copied_cookie_no_longer_opens_the_dashboard_after_logout(app, client, login_as):
    manager = login_as("manager")
    thief = _copy_of(app, client)
    assert _reaches_dashboard(thief)                # the copy works while the session lives
    assert client.post("/logout").status_code == 302
    assert not _reaches_dashboard(thief)
    assert not _reaches_dashboard(client)
    assert committed_count(AuditEntry, AuditEntry.action == "auth.logout",
                           AuditEntry.user_id == manager.id) == 1


def test_logout_ends_the_accounts_sessions_and_tokens_everywhere(app, client, make):
    user = make.user(role="staff")
    db.session.commit()
    token = _token(app.test_client(), user.username)
    other_browser = app.test_client()
    for browser in (other_browser, client):
        browser.post("/login", data={"username": user.username, "password": STRONG_PASSWORD})
    assert other_browser.get("/staff").status_code == 200
    assert _api(app, token) == 200
    client.post("/logout")
    assert _api(app, token) == 401
    assert other_browser.get("/staff").status_code == 302
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 0


def test_a_password_change_ends_the_other_sessions_but_keeps_this_one(app, client, login_as):
    user = login_as("manager")
    thief = _copy_of(app, client)
    token = _token(app.test_client(), user.username)
    response = client.post("/account/password", data={
        "old_password": STRONG_PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert not _reaches_dashboard(thief)
    assert _api(app, token) == 401
    assert _reaches_dashboard(client)               # the one who changed it stays in
    assert committed_row(User, User.id == user.id).session_version == 1


def test_a_password_change_through_the_api_ends_every_session(app, client, login_as):
    user = login_as("manager")
    token = _token(app.test_client(), user.username)
    response = app.test_client().post("/api/v1/auth/password", json={
        "username": user.username, "old_password": STRONG_PASSWORD,
        "new_password": NEW_PASSWORD})
    assert response.status_code == 200
    assert not _reaches_dashboard(client)
    assert _api(app, token) == 401


def test_a_reset_ends_every_session_and_token(app, client, login_as):
    user = login_as("manager")
    token = _token(app.test_client(), user.username)
    services.reset_password(ADMIN, db.session.get(User, user.id), NEW_PASSWORD, clock.now())
    db.session.commit()
    assert _api(app, token) == 401
    assert not _reaches_dashboard(client)


def test_a_reset_from_the_command_line_ends_every_token(app, runner, make):
    user = make.user(role="staff")
    db.session.commit()
    token = _token(app.test_client(), user.username)
    result = runner.invoke(args=["user", "reset-password", user.username,
                                 "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert _api(app, token) == 401


def test_disabling_an_account_ends_its_sessions_and_tokens(app, client, login_as):
    user = login_as("manager")
    token = _token(app.test_client(), user.username)
    account = db.session.get(User, user.id)
    services.update_user(ADMIN, account, {"name": account.name, "staff_no": account.staff_no,
                                          "role": account.role, "is_enabled": False})
    db.session.commit()
    assert _api(app, token) == 401
    assert not _reaches_dashboard(client)
    account.is_enabled = True           # enabling again does not bring old sessions back
    db.session.commit()
    assert _api(app, token) == 401
    assert not _reaches_dashboard(client)


def test_a_token_of_an_older_session_version_is_refused(make):
    """A token issued while a reset was under way carries the old version: refused."""
    user = make.user()
    plain, _ = services.issue_token(user, clock.now(), 12)
    db.session.commit()
    user.session_version = User.session_version + 1     # without deleting the token row
    db.session.commit()
    assert committed_count(ApiToken, ApiToken.user_id == user.id) == 1
    assert services.user_for_token(plain, clock.now()) is None


def test_a_session_without_its_version_is_not_trusted(app, client, login_as):
    user = login_as("manager")
    with client.session_transaction() as session:
        assert session["_user_id"] == f"{user.id}.{user.session_version}"
        session["_user_id"] = str(user.id)      # the form before session versions
    assert not _reaches_dashboard(client)
    for forged in ("", "x.1", f"{user.id}.", f"{user.id}.x", f"{user.id}.-1", f"{user.id}.99"):
        assert services.user_for_session(forged) is None
    assert services.user_for_session(f"{user.id}.{user.session_version}").id == user.id


def test_a_lockout_leaves_tokens_already_issued_alone(app, make, freeze_time):
    moment = freeze_time("2026-03-02 09:00")
    user = make.user(role="staff")
    db.session.commit()
    token = _token(app.test_client(), user.username)
    stranger = app.test_client()
    for _ in range(5):
        stranger.post("/login", data={"username": user.username, "password": "Wrong-2026"})
    assert committed_row(User, User.id == user.id).locked_until == moment + timedelta(minutes=15)
    assert _api(app, token) == 200                  # the window's pager keeps working
    refused = app.test_client().post("/api/v1/auth/token", json={
        "username": user.username, "password": STRONG_PASSWORD})
    assert refused.status_code == 401               # but nobody logs in anew


def test_a_lockout_leaves_a_browser_session_alone(app, client, login_as):
    user = login_as("staff")
    stranger = app.test_client()
    for _ in range(5):
        stranger.post("/login", data={"username": user.username, "password": "Wrong-2026"})
    assert committed_row(User, User.id == user.id).locked_until is not None
    assert client.get("/staff").status_code == 200
